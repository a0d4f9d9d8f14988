def test_dashboard_renders(staff_client):
    from tests.orders.factories import make_order

    order = make_order()
    response = staff_client.get(f"/orders/{order.number}/")
    assert response.status_code == 200
    assert order.number in response.text
