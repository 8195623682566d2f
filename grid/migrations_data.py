"""Reference data for the demo: the resident tags of DOMAIN.md with their visit tiers.

Migration 0005_default_tags keeps its own frozen copy of this list (a migration must not import code
that may change later), so editing it here changes the demo only, never an existing database."""

DEFAULT_TAGS = [
    ("living-alone-elderly", "独居老人", "high"), ("empty-nest-elderly", "空巢老人", "high"),
    ("disabled-elderly", "失能老人", "high"), ("serious-illness", "重大疾病", "high"),
    ("oldest-old", "高龄老人", "key"), ("disabled", "残疾人", "key"), ("dibao", "低保户", "key"),
    ("destitute", "特困", "key"), ("chronic-illness", "慢性病", "key"), ("pregnant", "孕妇", "key"),
    ("children-in-difficulty", "留守/困境儿童", "key"), ("family-planning-special", "计生特殊家庭", "key"),
    ("infant", "婴幼儿", "general"), ("veteran", "退役军人", "general"), ("party-member", "党员", "general"),
    ("volunteer", "志愿者", "general"),
]
