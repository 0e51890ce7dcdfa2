"""The public network (root domain)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from accounts import views as account_views
from config import pages
from config.api import ApiRouter, ObtainTokenView
from config.urls_common import urlpatterns as common
from partners.api import PartnerViewSet
from public_marketplace import views as marketplace_views
from public_marketplace.api_boxes import BoxViewSet
from tenants import views as tenant_views
from tenants.api import OrganisationViewSet
from workspaces import tools

router = ApiRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("boxes", BoxViewSet, basename="box")
router.register("partners", PartnerViewSet, basename="partner")
tools.register_api(router, tools.NETWORK)  # tools offered in citizen boxes

urlpatterns = [
    *common,
    path("", marketplace_views.home, name="home"),
    path("impressum/", pages.imprint, name="imprint"),
    path("datenschutz/", pages.privacy_notice, name="privacy_notice"),
    path("barrierefreiheit/", pages.accessibility_statement, name="accessibility_statement"),
    path("konto/weiter/", account_views.hand_over, name="login_bridge"),
    path("konto/profil/", account_views.profile, name="profile"),
    path("konto/daten/", account_views.export_data, name="account_export"),
    path("konto/loeschen/", account_views.erase_account, name="account_erase"),
    path("organisationen/neu/", tenant_views.create_organisation, name="organisation_create"),
    path(
        "organisationen/<uuid:public_id>/",
        tenant_views.organisation_status,
        name="organisation_status",
    ),
    path("", include("public_marketplace.urls")),
    path("", include("public_marketplace.urls_comments")),
    path("", include("threads.urls")),
    path("", include("public_marketplace.urls_follows")),
    path("", include("impact.urls")),
    path("", include("moderation.urls")),
    path("", include("notifications.urls")),
    path("", include("billing.urls")),
    path("", include("partners.urls")),  # offline partners' directory
    path("", include("motions.urls")),  # motions: the public page and signing
    path("", include("workspaces.urls_network")),  # citizen boxes
    path("", include("threads.urls_network")),
    *tools.urlpatterns_for(tools.NETWORK),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/", include("public_marketplace.api_urls")),
    path("api/v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path(
        "api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="api-schema"
    ),
]

handler400 = "config.errors.bad_request"
handler404 = "config.errors.not_found"
handler403 = "config.errors.forbidden"
handler500 = "config.errors.server_error"
