"""An organisation's intranet (its subdomain or custom domain)."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts import views as account_views
from config.api import ApiRouter
from config.urls_common import urlpatterns as common
from intranet import views
from intranet.api import InvitationViewSet, MemberViewSet, SearchView
from sso import views as sso_views
from threads import api as thread_api
from workspaces import tools
from workspaces.api import GroupViewSet, PostViewSet

router = ApiRouter()
router.register("members", MemberViewSet, basename="member")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("groups", GroupViewSet, basename="group")
router.register("posts", PostViewSet, basename="post")
tools.register_api(router, tools.INTRANET)  # the workspace tools' view sets

app_urls = (
    [
        path("", views.home, name="home"),
        path("mitglieder/", views.members, name="members"),
        path("suche/", views.search_page, name="search"),
        path("mitglieder/profil/", views.profile, name="profile"),
        path("mitglieder/import/", views.member_import, name="member_import"),
        path("mitglieder/<uuid:public_id>/rolle/", views.member_role, name="member_role"),
        path(
            "mitglieder/<uuid:public_id>/deaktivieren/",
            views.member_active,
            {"active": False},
            name="member_deactivate",
        ),
        path(
            "mitglieder/<uuid:public_id>/reaktivieren/",
            views.member_active,
            {"active": True},
            name="member_reactivate",
        ),
        path("mitglieder/<uuid:public_id>/entfernen/", views.member_remove, name="member_remove"),
        path("einladung/<str:token>/", views.accept_invitation, name="accept_invitation"),
        path("einstellungen/", views.settings_page, name="settings"),
        path("einstellungen/deaktivieren/", views.deactivate, name="deactivate"),
        path("einstellungen/api/", views.api_access, name="api_access"),
        path("einstellungen/erscheinungsbild/", views.appearance, name="appearance"),
        path("einstellungen/domains/", views.add_domain, name="add_domain"),
        path("einstellungen/domains/pruefen/", views.check_domain, name="check_domain"),
        path("einstellungen/domains/entfernen/", views.remove_domain, name="remove_domain"),
        path("branding.css", views.branding_css, name="branding_css"),
    ],
    "intranet",
)

urlpatterns = [
    *common,
    path("", include(app_urls)),
    path("anmelden/", account_views.start, name="login_start"),
    path("einstellungen/sso/", sso_views.sso_settings, name="sso_settings"),
    path("einstellungen/sso/aus/", sso_views.sso_disable, name="sso_disable"),
    path("anmelden/fertig/", account_views.finish, name="login_finish"),
    path("", include("notifications.urls")),
    path("", include("workspaces.urls")),
    path("", include("threads.urls")),
    path("", include("threads.urls_intranet")),
    path("", include("motions.urls_inbox")),  # motions to the bodies the organisation receives for
    *tools.urlpatterns_for(tools.INTRANET),  # the workspace tools (workspaces/tools.py)
    path("", include("billing.urls_tenant")),
    path("", include("audit.urls")),
    path("api/v1/search/", SearchView.as_view(), name="api-search"),
    # One comment of any place: read, correct, delete, answer, react (threads/api.py).
    path(
        "api/v1/comments/<uuid:public_id>/", thread_api.CommentDetail.as_view(), name="api-comment"
    ),
    path(
        "api/v1/comments/<uuid:public_id>/replies/",
        thread_api.CommentReplies.as_view(),
        name="api-comment-replies",
    ),
    path(
        "api/v1/comments/<uuid:public_id>/reactions/",
        thread_api.CommentReactions.as_view(),
        name="api-comment-reactions",
    ),
    path(
        "api/v1/comments/<uuid:public_id>/reactions/<slug:kind>/",
        thread_api.CommentReaction.as_view(),
        name="api-comment-reaction",
    ),
    path("api/v1/", include(router.urls)),
    path(
        "api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="api-schema"
    ),
]

handler400 = "config.errors.bad_request"
handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
