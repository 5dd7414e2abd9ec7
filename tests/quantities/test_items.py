"""The item finder's noun-phrase rules (guide §5 item, DECISIONS Quantities → Item), on
made-up sentences: none of these is from the seed bulletins."""
import pytest

from pipeline.quantities import QuantityExtractor


@pytest.fixture(scope="module")
def ex():
    return QuantityExtractor()


def item_of(ex, text, span):
    q = next(q for q in ex(text) if q.text == span)
    return text[q.item[0]:q.item[1]] if q.item else None


@pytest.mark.parametrize("text,span,item", [
    # a function character inside an ordinary word does not stop the phrase
    ("全市投入公共自行车3000辆。", "3000辆", "公共自行车"),
    ("现有在校学生1200余名。", "1200余名", "在校学生"),
    ("引进3名人才。", "3名", "人才"),
    ("2000余人参与核酸检测。", "2000余人", None),            # 参与 is a verb, not 参|与
    # classifier agreement: heads of the measure word's kind
    ("调来30辆公交车接送群众返家", "30辆", "公交车"),
    ("安排5名社区工作人员上门服务。", "5名", "社区工作人员"),
    ("社区网格点位45人次，", "45人次", None),                 # 人次 counts people, not 点位
    ("完成宣传工作300余人次。", "300余人次", None),           # left noun must agree with 人次
    ("该区调派救护车12辆、医护人员85名赶赴现场。", "85名", "医护人员"),
    # coordination of nouns the measure word counts
    ("社区组织30余名党员和群众开展环境整治。", "30余名", "党员和群众"),
    ("50名快递员、外卖骑手组成配送队伍。", "50名", "快递员、外卖骑手"),
    ("医院抽调医生、护士40人组成医疗队。", "40人", "医生、护士"),
    ("派出20名医护人员和5辆救护车。", "20名", "医护人员"),
    ("开通300条宽带和基站。", "300条", "宽带"),             # generic 条: no coordination
    # a one-character conjunct shares the head
    ("15名男、女志愿者参与值守。", "15名", "男、女志愿者"),
    # adjective + 的 stays in the phrase; a verb phrase + 的 separates the noun
    ("共计发放了一种新的宣传手册。", "一种", "新的宣传手册"),
    ("该院派出3名具有丰富经验的专家。", "3名", None),
    ("组织200余名熟悉业务的骨干。", "200余名", None),
    # measure phrase + 的 + noun closing the clause
    ("提供了总计5万小时的在线课程和直播讲座。", "5万小时", "在线课程和直播讲座"),
    ("采购了约20吨的新鲜蔬菜。", "约20吨", "新鲜蔬菜"),
    ("建设了300平方米的临时仓库，", "300平方米", "临时仓库"),
    ("县里拿出100万元的专项资金。", "100万元", None),        # money: no item
    # quoted names
    ("组建了15支“红马甲”志愿服务队。", "15支", "“红马甲”志愿服务队"),
    ("成立8支“党员先锋队”，深入一线。", "8支", "党员先锋队"),
    # verbs: a verb + object is not the item; a verb + head compound is
    ("医院派出40人组成医疗队。", "40人", None),
    ("开设3个服务站点。", "3个", "服务站点"),
    ("设立5个检测点。", "5个", "检测点"),
    ("组建服务队5支。", "5支", "服务队"),
    ("向社区捐赠消毒液500瓶。", "500瓶", "消毒液"),
    ("该公司配备物资车辆8台，", "8台", "物资车辆"),
    # verbs whose object is a number; verbal measure words
    ("街道干部30人分4组入户。", "30人", None),
    ("街道干部30人分4组入户。", "4组", None),
    ("值班人员分3班值守。", "3班", None),
    ("他每周走访三次居民家。", "三次", None),
    # division nouns counted before another noun (DECISIONS)
    ("全县40个乡镇垃圾中转站", "40个", "乡镇"),
    ("全区40个村民小组完成排查。", "40个", "村民小组"),
])
def test_item(ex, text, span, item):
    assert item_of(ex, text, span) == item
