from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.decorators import staff_required
from backoffice.htmx import render_page_or_partial
from backoffice.roles import is_admin
from orders.pages import block_answer, get_order_or_404, render_order_dialog

from . import rules, selectors, services
from .forms import TaskFilterForm, TaskForm
from .models import Task

POSTED = "tasks/block.html#posted"


def _context_for(user):
    return lambda order: selectors.tasks_block(order, user)


def _task_or_404(order, task_id: int) -> Task:
    try:
        return Task.objects.select_related("assignee", "created_by", "order").get(order=order, pk=task_id)
    except Task.DoesNotExist:
        raise Http404(_("Deze taak bestaat niet.")) from None


@staff_required
@require_GET
def block(request, number):
    order = get_order_or_404(request, number)
    return render(request, "tasks/block.html#block", {"order": order, **selectors.tasks_block(order, request.user)})


@staff_required
@require_http_methods(["GET", "POST"])
def add(request, number):
    """Taak toevoegen: GET the popup, POST make the task (one per click: the dialog's submit key)."""
    order = get_order_or_404(request, number)
    form = TaskForm.for_new(request.user, request.POST if request.method == "POST" else None)
    dialog = ("tasks/block.html#add", {"form": form})
    if request.method == "GET":
        return render_order_dialog(request, order, *dialog)
    return block_answer(
        request,
        order,
        lambda: services.task_add(
            order=order,
            actor=request.user,
            **form.values(),
            notify=form.cleaned_data["notify"],
            site_url=request.build_absolute_uri("/"),
            submit_key=form.cleaned_data["submit_key"],
        ),
        form=form,
        dialog=dialog,
        done=lambda task: _("De taak voor %(name)s is toegevoegd.") % {"name": task.assignee},
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def edit(request, number, task_id):
    """The task's popup: change, reassign or reschedule it (who may: rules.edit_refusal)."""
    order = get_order_or_404(request, number)
    task = _task_or_404(order, task_id)
    form = TaskForm.of(task, request.POST if request.method == "POST" else None)
    context = {"form": form, "task": task}
    if request.method == "GET":
        if refusal := rules.edit_refusal(task, request.user):
            context["refusal"] = refusal
        return render_order_dialog(request, order, "tasks/block.html#edit", context)
    return block_answer(
        request,
        order,
        lambda: services.task_update(
            task=task,
            actor=request.user,
            changes=form.values(),
            notify=form.cleaned_data["notify"],
            site_url=request.build_absolute_uri("/"),
        ),
        form=form,
        dialog=("tasks/block.html#edit", context),
        done=_("De taak is opgeslagen."),
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_POST
def complete(request, number, task_id):
    """Afronden: one click in the block."""
    order = get_order_or_404(request, number)
    task = _task_or_404(order, task_id)
    return block_answer(
        request,
        order,
        lambda: services.task_complete(task=task, actor=request.user),
        done=_("De taak is afgerond."),
        partial=POSTED,
        partial_context=_context_for(request.user),
    )


@staff_required
@require_GET
def mine(request):
    """VERKOOP > Mijn taken: my open tasks over all orders by due time; a Beheerder can look at everyone's."""
    admin = is_admin(request.user)
    form = TaskFilterForm(request.GET, admin=admin)
    filters = form.filters()
    page = selectors.task_list(user=request.user, **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filters": filters}
    return render_page_or_partial(request, "tasks/mine.html", "results", context)
