from django.urls import path

from . import views

app_name = "participation"

# Mounted at the root of each language (/da/…, /en/…), before Wagtail's pages.
urlpatterns = [
    path("ideer/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("projekter/<int:project_id>/ny-ide/", views.idea_submit, name="idea_submit"),
    path("projekter/<int:project_id>/ny-ide/fortsaet/", views.idea_submit_finish, name="idea_submit_finish"),
    path("adresser/", views.address_search, name="address_search"),
    path("adresser/sted/", views.address_reverse, name="address_reverse"),
    path("ideer/<int:pk>/stoet/", views.idea_support, name="idea_support"),
    path("ideer/<int:pk>/rediger/", views.idea_edit, name="idea_edit"),
    path("ideer/<int:pk>/kommenter/", views.comment_create, name="comment_create"),
    path("ideer/<int:pk>/rapporter/", views.report, name="idea_report"),
    path("kommentarer/<int:pk>/rapporter/", views.report, {"kind": "comment"}, name="comment_report"),
    path("notifikationer/", views.notification_list, name="notifications"),
    path("notifikationer/indstillinger/", views.notification_settings, name="notification_settings"),
    path("notifikationer/foelg/projekt/<int:pk>/", views.follow_project, name="follow_project"),
    path("notifikationer/stop/projekt/<int:pk>/", views.unfollow_project, name="unfollow_project"),
    path("notifikationer/foelg/ide/<int:pk>/", views.follow_idea, name="follow_idea"),
    path("notifikationer/stop/ide/<int:pk>/", views.unfollow_idea, name="unfollow_idea"),
    path("notifikationer/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
