from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def staff_required(view):
    """Backoffice pages: logged-in, active staff only. Customers get 403, anonymous users the login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def permission_required(permission: str):
    def decorator(view):
        @staff_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def idle_exempt(view):
    """A request the page makes by itself (the top bar's counters, every 30 seconds) is not the user's activity: it
    does not extend the idle timeout (backoffice.middleware.IdleTimeoutMiddleware). Put it outermost."""
    view.idle_exempt = True
    return view
