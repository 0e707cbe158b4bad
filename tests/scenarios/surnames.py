"""Common surnames in 姓氏笔画 order, checked stroke by stroke (not copied from any stroke data)."""

# Surnames by stroke count, each group in 笔形 order (横一 竖丨 撇丿 点丶 折乛, stroke by stroke).
# Ties inside a group were resolved by writing out the strokes, e.g. 于 一一亅 / 万 一乛丿;
# 叶 丨乛一一 / 田 丨乛一丨 / 史 丨乛一丿; 李 一丨丿丶乛亅 / 杨 一丨丿丶乛乛.
SURNAMES_BY_STROKES = {
    2: "丁",
    3: "于万上马",
    4: "王韦毛文方尹孔邓",
    5: "石龙卢叶田史付白冯司",
    6: "吕朱任向刘齐闫江汤许孙",
    7: "严苏杜李杨肖吴邱何余邹汪沈宋张陆陈邵",
    8: "武范林欧罗金周郑孟",
    9: "赵郝胡钟段侯姜姚贺",
    10: "秦袁莫贾夏顾钱徐高郭唐诸陶",
    11: "黄曹龚崔梁",
    12: "彭董蒋韩覃程鲁曾谢",
    13: "雷",
    14: "蔡廖谭熊",
    15: "黎潘",
    16: "薛",
    17: "戴魏",
}
SURNAMES_IN_ORDER = [ch for group in SURNAMES_BY_STROKES.values() for ch in group]
STROKE_COUNT = {ch: n for n, group in SURNAMES_BY_STROKES.items() for ch in group}

# First stroke of each surname: 1 横, 2 竖, 3 撇, 4 点, 5 折.
FIRST_STROKE = dict(
    zip(
        SURNAMES_IN_ORDER,
        "1"
        "1125"
        "11344555"
        "1122223345"
        "23334444455"
        "111112233344455555"
        "111123345"
        "111333455"
        "1111113344445"
        "11124"
        "111113344"
        "1"
        "1445"
        "34"
        "1"
        "13",
        strict=True,
    )
)
