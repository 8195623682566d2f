"""Catalogue search in residents' own words (办事指南搜索).

Residents type 老人补贴 for 高龄补贴, 养老金 for 城乡居民养老保险待遇申领, ``dibao`` or ``glbt``
on a phone keyboard, or a homophone their input method picked (低包). An item scores by where the
query, or the words jieba cuts it into (each widened by a small table of everyday synonyms), are
found, strongest first:

    the name (exactly, then containing it) › the aliases residents use (ServiceItem.aliases)
    › the pinyin or initials of name and aliases › the conditions and the group › the materials.

Materials count only when nothing matched elsewhere: 身份证 is on most material lists, and an
item is not "about" the ID card because it asks for one. The catalogue is a few dozen items, so the
ranking runs in Python over the active items (two queries) on SQLite and PostgreSQL alike; the
pinyin of each item is cached per (item, updated_at).
"""

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
from pypinyin import lazy_pinyin

jieba.setLogLevel(logging.WARNING)

# Words that say nothing about which item is meant.
STOPWORDS = frozenset({
    "的", "了", "我", "我要", "我想", "想", "要", "怎么", "怎么办", "怎样", "如何", "哪里", "在哪", "在哪里",
    "去", "找", "办", "办理", "能", "可以", "吗", "呢", "啊", "给", "帮", "一下", "请问", "需要", "什么",
})
# Words in many item names: they count, but little.
WEAK = frozenset({"申请", "登记", "受理", "认定", "补贴", "证", "服务"})
# Everyday words and the catalogue's words for the same thing (each group is symmetric).
SYNONYMS = [
    {"老人", "老年人", "老年", "长者", "高龄", "老"},
    {"补贴", "补助", "津贴"},
    {"低保", "最低生活保障"},
    {"残疾", "残疾人", "残障"},
    {"看病", "医保", "医疗"},
    {"生孩子", "生育", "生小孩"},
    {"怀孕", "孕妇", "孕产妇"},
    {"找工作", "就业", "工作"},
    {"退休金", "养老金", "养老待遇"},
    {"狗", "犬", "养犬"},
    {"当兵", "军人", "退役军人", "退伍", "复员"},
    {"吵架", "纠纷", "调解", "矛盾"},
    {"律师", "法律", "打官司"},
    {"吃饭", "就餐", "食堂", "助餐"},
    {"租房", "租房子", "公租房", "廉租房"},
    {"去世", "丧葬", "殡葬", "丧事"},
    {"电梯", "加装电梯"},
]
_SYNONYMS_OF = {word: group for group in SYNONYMS for word in group}

NAME_EXACT, NAME, ALIAS, PINYIN, CONDITIONS, MATERIALS = 100, 60, 50, 30, 6, 2
LATIN = re.compile(r"^[a-z]+$")


@dataclass(frozen=True)
class Indexed:
    """What is searched of one item; built once per item version."""

    name: str
    aliases: tuple[str, ...]
    conditions: str
    group_label: str
    pinyin: tuple[str, ...]  # full pinyin of the name and each alias
    initials: tuple[str, ...]


def _pinyin(text: str) -> tuple[str, str]:
    syllables = lazy_pinyin(text, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


@lru_cache(maxsize=1024)
def _indexed(pk: int, version: str, name: str, aliases: str, conditions: str, group_label: str) -> Indexed:
    words = tuple(a.strip() for a in re.split(r"[\n,，、;；]+", aliases) if a.strip())
    spelled = [_pinyin(text) for text in (name, *words)]
    for word in words:
        jieba.add_word(word)  # so 养狗要办什么 is cut as 养狗 / 要 / 办 / 什么
    return Indexed(name=name, aliases=words, conditions=conditions, group_label=group_label,
                   pinyin=tuple(full for full, _ in spelled), initials=tuple(ini for _, ini in spelled))


def index_of(item) -> Indexed:
    return _indexed(item.pk, str(item.updated_at), item.name, item.aliases, item.conditions,
                    str(item.get_group_display()))


def terms_of(query: str) -> list[set[str]]:
    """The query cut into words (jieba, search mode), each with its synonyms; stopwords dropped."""
    words = [w.strip() for w in jieba.lcut_for_search(query) if w.strip()]
    terms = []
    for word in dict.fromkeys(words):
        if word in STOPWORDS:
            continue
        terms.append({word} | _SYNONYMS_OF.get(word, set()))
    return terms


def score(item, query: str, terms: list[set[str]], materials: list[str]) -> int:
    """How well `item` answers `query` (0: not at all)."""
    ix = index_of(item)
    if query == ix.name:
        return NAME_EXACT * 10
    points = 0
    if any(query == alias for alias in ix.aliases):
        points += ALIAS * 8  # what residents call exactly this item
    elif query in ix.name:
        points += NAME * 4
    elif any(query in alias for alias in ix.aliases):
        points += ALIAS * 3
    latin = query.lower().replace(" ", "")
    if LATIN.match(latin):
        if any(latin == ini or ini.startswith(latin) for ini in ix.initials) and len(latin) >= 2:
            points += PINYIN * 3
        elif any(latin in full for full in ix.pinyin) and len(latin) >= 3:
            points += PINYIN * 2
    else:
        spoken = _pinyin(query)[0]
        if len(spoken) >= 4 and any(spoken in full for full in ix.pinyin):
            points += PINYIN  # a homophone the input method picked: 低包 for 低保
    for group in terms:
        weight = 1 if group & WEAK else 3
        if any(word in ix.name for word in group):
            points += NAME // 6 * weight
        elif any(word in alias for alias in ix.aliases for word in group):
            points += ALIAS // 6 * weight
        elif any(word in ix.conditions or word in ix.group_label for word in group):
            points += CONDITIONS * weight
    if points:
        return points
    # Only materials left: an item that merely asks for what was typed.
    if any(query in m for m in materials) or any(word in m for m in materials for group in terms for word in group
                                                 if group.isdisjoint(WEAK)):
        return MATERIALS
    return 0


def rank(items, query: str) -> list:
    """`items` (with materials prefetched) that answer `query`, best first; ties keep catalogue order."""
    query = query.strip()
    items = list(items)
    for item in items:
        index_of(item)  # teaches jieba the catalogue's words before the query is cut
    terms = terms_of(query)
    scored = []
    for position, item in enumerate(items):
        points = score(item, query, terms, [m.name for m in item.materials.all()])
        if points:
            scored.append((-points, position, item))
    scored.sort(key=lambda row: row[:2])
    best = [item for _, _, item in scored]
    if any(-points > MATERIALS for points, _, _ in scored):
        best = [item for points, _, item in scored if -points > MATERIALS]
    return best
