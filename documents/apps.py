from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Dokumente"

    def ready(self) -> None:
        from documents.storage import remove_schema_files
        from tenants.signals import organisation_purged

        def remove_files(sender: object, schema_name: str, **kwargs: object) -> None:
            remove_schema_files(schema_name)

        # weak=False: the receiver is a local function that would otherwise be collected.
        organisation_purged.connect(remove_files, weak=False, dispatch_uid="documents.files")
