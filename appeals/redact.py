"""Removing personal data before an appeal is shown in public (the board, Open311 GET).

`redact()` is the one cleaner for public text. It catches:

- mobile numbers in every written form: 13912345678, 139 1234 5678, 139-1234-5678, 139.1234.5678,
  +86 / 0086 / 86 prefixes, full-width or other-script digits (１３９…), Chinese numerals (一三九…),
  and any mix of these;
- landlines with an area code (0591-8765 4321, (0591)87654321) and bare 7–8 digit numbers;
- ID numbers: 18 characters ending in a digit or X, spaced or hyphenated, full-width; 15-digit old
  ones; and any other run of 12 or more digits (bank cards…);
- door and room numbers (5单元602, 3-302, 602室): the building stays, the door goes;
- names next to a cue: 我叫/我是/名叫/姓名/联系人/联系/找/打给 X, X说/讲/反映/表示/称,
  X先生/女士/阿姨/大爷/师傅…, 姓X, 老X说. The surname stays, the given name becomes * (张三丰 →
  张**); with a title the whole name goes (王先生 → *先生).

Limits (docs/security.md, "What the public sees"): a name is recognised only next to a cue and
(except before a title) only when it starts with one of the common surnames below; a name with
no cue ("张三丰楼上太吵") or a rare surname passes. Over-redaction is preferred to a leak: a
surname character followed by a cue may mask an ordinary word; a few such words are listed.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

# --- digits -------------------------------------------------------------------------------

_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")  # \d is any Unicode decimal digit: ０-９, ٠-٩…


def _fold_digits(text: str) -> str:
    """Full-width and other-script digits become 0-9, so one set of patterns reads them all."""
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


_BLANK = r"[ \t\u00a0\u3000]"
# Between two digits: nothing, blanks, or one dash/dot (with blanks around it).
SEP = rf"(?:{_BLANK}*[-－—–‐.．·_/]{_BLANK}*|{_BLANK}+)?"
_CN = "〇零一二三四五六七八九幺"
_ANY = f"[0-9{_CN}]"


def _run(count: int, digit: str = "[0-9]") -> str:
    return digit + rf"(?:{SEP}{digit}){{{count - 1}}}"


ID_RE = re.compile(rf"(?<![0-9])[1-9](?:{SEP}[0-9]){{16}}{SEP}[0-9XxＸｘ](?![0-9A-Za-z])")
PHONE_RE = re.compile(
    rf"(?<![0-9{_CN}])(?:(?:[+＋]|00)?{_BLANK}*86{SEP})?"  # +86, 0086, 86
    rf"[1一幺]{SEP}[3-9三四五六七八九](?:{SEP}{_ANY}){{9}}(?![0-9{_CN}])"
)
LONG_NUMBER_RE = re.compile(r"(?<![0-9])[0-9]{12,}(?![0-9])")
LANDLINE_RE = re.compile(
    rf"(?<![0-9])(?:[(（]?0[0-9]{{2,3}}[)）]?{SEP}[2-9][0-9]{{2,3}}{SEP}[0-9]{{4}}"  # 0591-8765 4321
    r"|[2-9][0-9]{3}-[0-9]{4}"  # 8765-4321
    r"|[0-9]{7,8})(?![0-9])"  # 87654321
)
# Door and room numbers: 302室, 3-302, 5单元602, 12号楼3层… keep the building, drop the door.
DOOR_RE = re.compile(
    r"\d+\s*(?:单元|栋|幢|号楼|座)\s*\d+\s*(?:室|号|户)?"  # 5单元602, 3号楼302室
    r"|\d+\s*(?:室|户|房|层|单元)"  # 602室, 12层
    r"|\d+-\d+(?:-\d+)?"  # 3-302, 3-2-602
)

# --- names --------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤翁游柯卓詹庄施洪郭魏欧"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒")
# Characters that end a name: particles, verbs used as cues, punctuation-like words.
_STOP = "的了是在和与及说讲找叫把被给向跟对也都就还又要会能来去到反表称家里楼门这那个们人吗呢吧啊呀哦嘛很太"
_GIVEN = rf"(?:(?![{_STOP}])[\u4e00-\u9fff])"
_SURNAME = rf"(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}])"
NAME = rf"{_SURNAME}{_GIVEN}{{1,2}}"

_BEFORE = r"(?:我叫|我是|名叫|叫做|姓名[:：]?|联系人[:：]?|联系|找|打给|致电)"
_AFTER = r"(?:说|讲|反映|表示|称|告诉)"
TITLES = r"(?:先生|女士|小姐|阿姨|大爷|大妈|奶奶|爷爷|叔叔|婶婶|阿婆|阿伯|伯伯|师傅|老师|同志|大姐|大哥)"

NAME_BEFORE_RE = re.compile(rf"(?P<cue>{_BEFORE}){_BLANK}*(?P<name>{NAME})")
NAME_AFTER_RE = re.compile(rf"(?P<name>{NAME})(?={_AFTER})")
NICKNAME_RE = re.compile(rf"(?<=[老小])(?P<name>{_SURNAME})(?={_AFTER})")
FULL_NAME_TITLE_RE = re.compile(rf"{NAME}(?={TITLES})")
TITLE_RE = re.compile(rf"[\u4e00-\u9fff](?={TITLES})")
SURNAME_RE = re.compile(rf"姓[:：]?{_BLANK}*{_SURNAME}")
# Ordinary words that start with a surname character and may follow a cue (找方法, 联系方式…).
NOT_NAMES = frozenset({
    "方法", "方式", "方面", "方便", "方案", "方向", "方才", "高层", "高空", "高度", "高峰", "高兴", "马路", "马上",
    "金额", "石头", "江边", "万一", "万科", "于是", "任何", "余下", "余额", "白天", "向上", "钱款", "程序", "严重",
    "严格", "周边", "周末", "周围", "叶子", "龙头", "黄色", "白色", "施工", "曾经", "范围", "夏天", "毛病", "洪水",
    "游客", "林业", "陆续", "许多", "史上", "付款", "付费", "何时", "贺卡", "常规",
})


def _mask_given(match: re.Match) -> str:
    name = match.group("name")
    if name[:2] in NOT_NAMES:
        return match.group(0)
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[0])
    masked = surname + "*" * (len(name) - len(surname))
    return match.group(0).replace(name, masked, 1)


def _mask_name(text: str) -> str:
    # Titles first, so 赵大爷说 loses the name before 大爷 rather than reading 赵大爷 as a name.
    text = FULL_NAME_TITLE_RE.sub(lambda m: m.group(0) if m.group(0)[:2] in NOT_NAMES else "*", text)
    text = TITLE_RE.sub("*", text)
    text = SURNAME_RE.sub("姓*", text)
    text = NAME_BEFORE_RE.sub(_mask_given, text)
    text = NAME_AFTER_RE.sub(_mask_given, text)
    return NICKNAME_RE.sub("*", text)


def redact(text: str) -> str:
    """The one cleaner for text shown in public (the board, Open311 GET, followers of a merged case)."""
    text = _fold_digits(text or "")
    text = ID_RE.sub(_("[证件号已隐藏]"), text)
    text = PHONE_RE.sub(_("[电话已隐藏]"), text)
    text = LONG_NUMBER_RE.sub(_("[号码已隐藏]"), text)
    text = LANDLINE_RE.sub(_("[号码已隐藏]"), text)
    text = DOOR_RE.sub(_("[门牌已隐藏]"), text)
    return _mask_name(text)


# --- places -------------------------------------------------------------------------------

def public_place(appeal) -> str:
    """Community, never the building, its door, a free address or coordinates.

    The board and Open311's public answer both stop here (docs/security.md)."""
    if appeal.community_id:
        return appeal.community.name
    return _("台江区")


def public_holder(appeal) -> str:
    """The unit holding the case, no finer than the community (a grid is a few buildings)."""
    from .models import Level

    if appeal.level == Level.GRID and appeal.community_id:
        return appeal.community.name
    return appeal.holder_unit


def public_entry(appeal) -> dict:
    reply = next((e.note for e in reversed(appeal.public_replies) if e.note), "") if hasattr(
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
