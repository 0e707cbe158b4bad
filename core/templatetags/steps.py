"""Step indicators of the multi-step flows (上传 → 检查 → 确认; 推荐 → 审核 → 公示 → 表彰).

    {% load steps %}{% steps "上传,检查,确认" 2 %}

draws the labels in order, those before ``current`` (1-based) marked done, ``current`` marked
current (``aria-current="step"``); a ``current`` past the last marks every step done.
"""

from django import template

register = template.Library()


@register.inclusion_tag("core/_steps.html")
def steps(labels: str, current: int, label: str = "步骤"):
    names = [s.strip() for s in str(labels).split(",") if s.strip()]
    current = int(current or 0)
    items = [
        {"n": i, "label": name, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, name in enumerate(names, start=1)
    ]
    return {"items": items, "aria_label": label}
