"""Removing personal data before an appeal is shown in public (the board, Open311 GET)."""

import re

from django.utils.translation import gettext as _

PHONE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3}-?)?\d{7,8}(?!\d)")
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
# Door and room numbers: 302室, 3-302, 5单元602, 12号楼3层… keep the building, drop the door.
DOOR_RE = re.compile(
    r"\d+\s*(?:单元|栋|幢|号楼|座)\s*\d+\s*(?:室|号|户)?"  # 5单元602, 3号楼302室
    r"|\d+\s*(?:室|户|房|层|单元)"  # 602室, 12层
    r"|\d+-\d+(?:-\d+)?"  # 3-302, 3-2-602
)
# "我叫张三", "联系人李四", "张先生/王女士/林阿姨"
NAME_RE = re.compile(r"(我叫|我是|联系人[:：]?|姓名[:：]?)\s*([\u4e00-\u9fa5]{2,4})")
TITLE_RE = re.compile(r"([\u4e00-\u9fa5])(先生|女士|阿姨|大爷|大妈|师傅|老师)")


def redact(text: str) -> str:
    text = text or ""
    text = ID_RE.sub("[证件号已隐藏]", text)
    text = PHONE_RE.sub("[电话已隐藏]", text)
    text = LANDLINE_RE.sub("[号码已隐藏]", text)
    text = DOOR_RE.sub("[门牌已隐藏]", text)
    text = NAME_RE.sub(lambda m: m.group(1) + m.group(2)[0] + "*" * (len(m.group(2)) - 1), text)
    text = TITLE_RE.sub(lambda m: "*" + m.group(2), text)
    return text


def public_place(appeal) -> str:
    """Community and grid, never the building's door or a free address."""
    if appeal.community_id:
        return appeal.community.name
    return _("台江区")


def public_entry(appeal) -> dict:
    reply = next((e.text for e in reversed(appeal.public_replies) if e.text), "") if hasattr(
        appeal, "public_replies") else ""
    return {
        "number": appeal.number,
        "category": appeal.category.name if appeal.category_id else _("未分类"),
        "place": public_place(appeal),
        "text": redact(appeal.text),
        "reply": redact(reply),
        "created_at": appeal.created_at,
        "resolved_at": appeal.resolved_at,
        "rating": appeal.rating,
    }
