"""来源 is shown as the seed document's title and date, never as its internal file name (issue 11)."""

from core.sources import SEED_DOCUMENTS, source_label


def test_a_seed_file_name_reads_as_the_documents_title_and_date():
    expected = "《市总工会出台20项措施助力实施“十项行动”》（北方网，2023年3月21日）"
    assert source_label("001_1463085c2af33462.txt") == expected
    label = source_label("000_848752dc8e4ae529.txt")
    assert label.startswith("《发挥工会作用") and "未注明日期" in label and ".txt" not in label


def test_other_text_is_kept_and_file_names_inside_it_are_replaced():
    assert source_label("演示数据（虚构）") == "演示数据（虚构）"
    assert source_label("") == "" and source_label(None) == ""
    mixed = source_label("补充；002_bc7aaf77e9fd1229.txt")
    assert mixed.startswith("补充；《深入学习贯彻") and ".txt" not in mixed


def test_every_seed_document_of_the_fixtures_has_a_title(seed_data):
    from awards.models import Award
    from directory.models import Organization, Person

    for model in (Award, Organization, Person):
        for source in model.objects.values_list("source", flat=True).distinct():
            assert ".txt" not in source_label(source), source
    assert len(SEED_DOCUMENTS) == 5
