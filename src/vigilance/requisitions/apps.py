from django.apps import AppConfig


class RequisitionsConfig(AppConfig):
    name = "vigilance.requisitions"
    default = True

    def ready(self) -> None:
        from vigilance.evidence.rotation import rotation_register
        from vigilance.requisitions.services.pdf import requisition_letters_reencrypt
        from vigilance.requisitions.webhooks import webhook_secrets_reencrypt

        # Webhook secrets and the kept letters are under the evidence keys: rotated with them.
        rotation_register("partner webhook secrets", webhook_secrets_reencrypt)
        rotation_register("requisition letters", requisition_letters_reencrypt)
