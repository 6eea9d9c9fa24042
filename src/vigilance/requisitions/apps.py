from django.apps import AppConfig


class RequisitionsConfig(AppConfig):
    name = "vigilance.requisitions"
    default = True

    def ready(self) -> None:
        # A report's steps propose its freezes and bring them into its case (core.report_steps).
        from vigilance.core.report_steps import ReportStep, report_step_follow
        from vigilance.requisitions import followers

        report_step_follow(ReportStep.ARRIVED, followers.on_report_arrived)
        report_step_follow(ReportStep.TRIAGED, followers.on_report_triaged)
        report_step_follow(ReportStep.ENTERED_CASE, followers.on_report_entered_case)

        from vigilance.evidence.rotation import rotation_register
        from vigilance.requisitions.services.pdf import requisition_letters_reencrypt
        from vigilance.requisitions.webhooks import webhook_secrets_reencrypt

        # Webhook secrets and the kept letters are under the evidence keys: rotated with them.
        rotation_register("partner webhook secrets", webhook_secrets_reencrypt)
        rotation_register("requisition letters", requisition_letters_reencrypt)
