from django.apps import AppConfig


def individual_honor_names() -> list[str]:
    """The catalogue's honours for individuals, offered as a competition rule's 可申报荣誉."""
    from .models import HonorType, RecipientKind

    return list(
        HonorType.objects.filter(recipient_kind=RecipientKind.INDIVIDUAL)
        .order_by("precedence", "-level", "name")
        .values_list("name", flat=True)
    )


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = "表彰"

    def ready(self):
        # competitions never imports awards: it is told where the honour names are.
        from competitions.selectors.eligibility import register_honor_names

        register_honor_names(individual_honor_names)
