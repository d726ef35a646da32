from django.urls import path

from store import views

app_name = "store"

urlpatterns = [
    path("", views.reward_list, name="list"),
    path("rewards/<int:pk>/", views.reward_detail, name="reward"),
    path("orders/", views.my_orders, name="orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
]
