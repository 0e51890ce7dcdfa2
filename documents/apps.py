from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Dokumente"

    def ready(self) -> None:
        from documents.storage import remove_schema_files
        from tenants.signals import organisation_purged
        from workspaces.tools import INTRANET, NETWORK, Api, Tool, register

        register(
            Tool(
                name="documents",
                label=_("Dokumente"),
                order=30,
                routes="documents.urls",
                network_routes="documents.urls_network",
                tab="documents:group",
                scopes=frozenset({INTRANET, NETWORK}),
                api=(
                    Api(
                        "document-folders", "documents.api.DocumentFolderViewSet", "document-folder"
                    ),
                    Api("documents", "documents.api.DocumentViewSet", "document"),
                ),
                privacy_app="documents",
            )
        )

        def remove_files(sender: object, schema_name: str, **kwargs: object) -> None:
            remove_schema_files(schema_name)

        # weak=False: the receiver is a local function that would otherwise be collected.
        organisation_purged.connect(remove_files, weak=False, dispatch_uid="documents.files")
