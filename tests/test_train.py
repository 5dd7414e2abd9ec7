
from pipeline.schema import Document
from pipeline.train import sentences_of_document, sentences_of_file


def test_conllu_and_iob2_readers(tmp_path):
    conllu = tmp_path / "a.conllu"
    conllu.write_text("# sent_id = 1\n1\t我们\t_\n2-3\t在那\t_\n2\t在\t_\n3\t那\t_\n\n1\t好\t_\n", encoding="utf-8")
    iob = tmp_path / "b.iob2"
    iob.write_text("1\t我們\tO\t-\t-\n2\t北京\tB-LOC\t-\t-\n\n1\t好\tO\t-\t-\n", encoding="utf-8")
    assert list(sentences_of_file(conllu)) == [["我们", "在", "那"], ["好"]]
    assert list(sentences_of_file(iob)) == [["我們", "北京"], ["好"]]


def test_gold_tokens_grouped_by_sentence_with_broken_words_joined():
    text = "电\n力系统。好"
    doc = Document(id="d", text=text, sentences=[(0, 6), (6, 7)], tokens=[(0, 3), (3, 5), (5, 6), (6, 7)])
    assert list(sentences_of_document(doc)) == [["电力", "系统", "。"], ["好"]]
