"""The typical categories (DOMAIN.md) with their keywords, levels and deadlines; admins may change them."""

from django.utils.translation import gettext_lazy as _

from .models import Category, Level

# code, name, group, keywords, default level, (accept, reply, resolve) working hours, escalate on breach
CATEGORIES = [
    ("sanitation", "环境卫生", _("环境"), "垃圾 卫生 清扫 异味 臭 污水 堆放 蚊虫 老鼠 保洁", Level.GRID, (4, 14, 35), True),
    ("property", "物业管理", _("住房"), "物业 电梯 楼道 门禁 保安 物业费 漏水 绿化", Level.GRID, (4, 14, 56), True),
    ("municipal", "市政设施", _("市政"), "路灯 井盖 道路 坑洼 下水道 排水 积水 护栏 人行道 红绿灯", Level.COMMUNITY, (4, 14, 70), True),
    ("noise", "噪音扰民", _("环境"), "噪音 吵 扰民 广场舞 装修 施工 喇叭 半夜", Level.GRID, (2, 7, 21), True),
    ("illegal-building", "违章搭建", _("城管"), "违建 违章 搭建 私搭 乱建 加盖 占用 阳台", Level.STREET, (7, 21, 105), True),
    ("neighbour-dispute", "邻里纠纷", _("调解"), "纠纷 邻居 吵架 矛盾 调解 漏水到 楼上 楼下", Level.GRID, (4, 14, 35), True),
    ("parking", "停车", _("交通"), "停车 车位 乱停 电动车 充电 占道 挪车", Level.GRID, (4, 14, 35), True),
    ("fire-hazard", "消防隐患", _("安全"), "消防 火 飞线 电线 燃气 煤气 通道 堵塞 灭火器 隐患", Level.GRID, (1, 4, 14), True),
    ("policy", "政策咨询", _("咨询"), "政策 咨询 补贴 低保 医保 社保 养老 怎么办 申请 办理", Level.COMMUNITY, (4, 14, 35), False),
    ("livelihood", "民生求助", _("民生"), "求助 困难 帮忙 独居 老人 残疾 看病 生活 救助", Level.GRID, (2, 7, 28), True),
]


def ensure_categories() -> list[Category]:
    """Create the typical categories that are missing; existing ones (and admins' edits) are kept."""
    result = []
    for order, (code, name, group, keywords, level, hours, escalate) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(code=code, defaults={
            "name": name, "group": str(group), "keywords": keywords, "default_level": level,
            "accept_hours": hours[0], "reply_hours": hours[1], "resolve_hours": hours[2],
            "escalate_on_breach": escalate, "order": (order + 1) * 10, "description": name,
        })
        result.append(category)
    return result
