from pipeline.normalize import build_view, fold_char

PAGE = (
    "标题在这里\n"
    "\n"
    "近日重庆疫情突发，为确保我市电\n"
    "力系统安全稳定运行，承担系统网络信\n"
    "息运行维护重任的公司全体干部职工坚\n"
    "守岗位，全力抗疫，用实际行动诠释责\n"
    "任与担当。\n"
    "\n"
    "小标题\n"
    "\n"
    "该公司通信党支部承担着重庆电力主\n"
    "干通信系统的建设、运维及检修工作，为\n"
    "电力通信网安全稳定运行提供坚强基础\n"
    "\n"
    "保障。\n"
    "\n"
    "记者 张三 摄\n"
)


def test_fold_char():
    assert fold_char("１") == "1" and fold_char("Ａ") == "A" and fold_char("\u3000") == " "
    assert fold_char("％") == "%" and fold_char("，") == "，" and fold_char("合") == "合"
    assert fold_char("①") == "1"


def test_view_maps_every_character_back():
    raw = "出动１５８余人\u3000车辆２５台"
    view = build_view(raw)
    assert view.text == "出动158余人 车辆25台"
    for i, ch in enumerate(view.text):
        assert fold_char(raw[view.raw_index[i]]) == ch or ch in fold_char(raw[view.raw_index[i]])
    s = view.text.index("158余人")
    assert view.to_raw(s, s + 5) == (2, 7)


def test_layout_repair_joins_wrapped_lines_and_keeps_headings():
    view = build_view(PAGE)
    lines = [l for l in view.text.split("\n") if l.strip()]
    assert lines[0] == "标题在这里"
    assert lines[1].startswith("近日重庆疫情突发") and lines[1].endswith("任与担当。")
    assert "电力系统" in lines[1]
    assert lines[2] == "小标题"
    # a paragraph broken across a blank line (column break) continues
    assert "提供坚强基础保障。" in lines[3]
    assert lines[4] == "记者 张三 摄"
    s = view.text.index("电力系统")
    rs, re_ = view.to_raw(s, s + 4)
    assert PAGE[rs:re_] == "电\n力系统"


def test_layout_repair_off_keeps_the_text():
    view = build_view(PAGE, join_lines=False, fold_width=False)
    assert view.text == PAGE and view.raw_index == list(range(len(PAGE)))


def test_caption_after_blank_line_is_not_joined():
    raw = "这是一个很长的句子，它在这一行的末尾没有结束而是继续写到下一行但是版面插入了图片说明所以中断了向\n\n\n8月4日，人民广场采样点。通讯员 杨光摄\n\n街道报到。"
    view = build_view(raw)
    assert "向\n" in view.text and "杨光摄\n" in view.text


def test_headline_blocks_and_bylines_never_continue():
    wide = "该公司业务党支部负责重庆公司一百套业务\n应用系统建设运维运营桌面终端服务为设备\n安监营销发展物资等业务提供技术支撑。\n\n"
    raw = (wide +
           "静待疫散 居家可享系列文化大餐\n我市有线电视惠民服务行动启动，大批数字图书资源\n\n抗疫一线\n\n"
           "一百九十一支小分队兜牢民生底线的好做法值得推广\n□本报记者 陈国栋\n\n" + wide)
    lines = [l for l in build_view(raw).text.split("\n") if l.strip()]
    assert "抗疫一线" in lines
    assert "□本报记者 陈国栋" in lines
    assert "静待疫散 居家可享系列文化大餐" in lines

def test_multi_character_compatibility_forms_are_not_folded():
    # ⒈ would become "1." and ㎡ "m2": folding them changes what the text says
    assert fold_char("⒈") == "⒈" and fold_char("㎡") == "㎡"
    view = build_view("⒈30名党员")
    assert view.text == "⒈30名党员" and len(view.raw_index) == len(view.text)
