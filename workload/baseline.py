"""The 145 tasks communities carried before the reform, and what the reform did with each.

Titles are illustrative: they follow the categories and the kind of work named in public
reports on community burden reduction, not an official Taijiang document. Each line is
`code: title`, where the code says the list and the disposition:

    D  kept, duty by law (依法履职)           A  kept, assisting (协助办理)
    M  merged into the first kept task of its category
    R  returned to the street (收归街道)      X  abolished (取消)
    NR / NX  returned / abolished and put on the negative list (不应由社区承担)
"""

import datetime

from django.db import transaction

from .models import Department, Disposition, Origin, Task, TaskChange, TaskList

DEPARTMENTS = [
    ("区民政局", "民政"), ("区人力资源和社会保障局", "人社"), ("区卫生健康局", "卫健"), ("区住房和城乡建设局", "住建"),
    ("区城市管理局", "城管"), ("区应急管理局", "应急"), ("区统计局", "统计"), ("公安台江分局", "公安"),
    ("区市场监督管理局", "市场监管"), ("区退役军人事务局", "退役军人"), ("区残疾人联合会", "残联"),
    ("区委文明办", "文明办"), ("区司法局", "司法"), ("区教育局", "教育"), ("区委组织部", "组织"),
]

# (category, department short name, [codes and titles])
BASELINE = [
    ("党的建设", "组织", [
        "D:社区党组织换届与党员发展", "D:党员教育管理与组织生活", "M:党员积分管理台账", "A:在职党员进社区报到登记",
        "X:党建工作图片资料汇编", "X:党建示范点创建材料报送", "R:非公企业党建指导", "M:三会一课记录汇编",
    ]),
    ("民政服务", "民政", [
        "D:最低生活保障入户调查初审", "D:特困人员供养申请受理", "D:临时救助申请受理", "A:高龄津贴资格认证",
        "A:残疾人两项补贴资格初审", "M:低保家庭动态管理台账", "M:困难群众走访慰问记录", "D:居民委员会换届选举",
        "R:婚姻登记咨询", "NX:为居民开具亲属关系证明", "NX:为居民开具居住证明（已有户籍系统可查）",
        "X:社会组织年检材料收集",
    ]),
    ("社会保障", "人社", [
        "A:城乡居民养老保险参保登记", "A:城乡居民医保参保缴费动员", "M:养老保险待遇资格认证", "R:就业困难人员认定",
        "R:灵活就业人员社保补贴初审", "X:劳动力资源调查入户", "A:失业人员登记与就业援助", "X:职业技能培训招生摸底",
        "NR:劳动保障监察投诉处理",
    ]),
    ("卫生健康", "卫健", [
        "A:家庭医生签约宣传动员", "A:老年人健康体检组织", "A:爱国卫生运动与病媒防制", "M:健康教育宣传栏更新",
        "R:计划生育服务证明办理", "X:计生家庭特别扶助资格复核材料", "X:流动人口婚育证明查验", "A:重点人群疫苗接种动员",
        "NR:医疗机构执业情况检查", "X:健康素养问卷入户调查",
    ]),
    ("综治平安", "公安", [
        "D:人民调解与矛盾纠纷排查", "A:流动人口信息采集登记", "M:出租房屋信息登记", "A:平安建设宣传",
        "NR:出租房屋治安检查", "NR:重点人员日常管控", "X:平安建设满意度电话测评准备", "R:禁毒宣传材料报送",
        "M:社区矫正对象走访记录", "A:反诈宣传进户",
    ]),
    ("城市管理", "城管", [
        "A:市容环境问题巡查上报", "NR:违法建设查处", "NR:占道经营执法", "R:户外广告招牌审核",
        "X:门前三包责任书签订", "M:环境卫生检查记录", "A:垃圾分类宣传与督导", "X:垃圾分类入户率统计报表",
        "R:共享单车停放秩序整治", "NX:城市管理执法案件取证",
    ]),
    ("安全生产与应急", "应急", [
        "A:防汛防台人员转移", "D:社区应急预案编制与演练", "NR:企业安全生产检查", "NR:燃气使用安全检查",
        "M:应急物资储备登记", "A:自然灾害灾情报送", "X:安全生产月活动材料汇编", "R:九小场所消防检查",
        "X:消防安全责任书签订", "A:高层住宅消防通道巡查",
    ]),
    ("统计调查", "统计", [
        "A:人口普查与经济普查入户配合", "NX:各类部门自行组织的统计报表填报", "X:社区基本情况年报", "X:居民收支调查记账户联系",
        "R:单位名录库核查", "M:人口变动情况抽样调查配合", "X:劳动力调查样本户维护", "NX:部门工作考核排名数据报送",
    ]),
    ("市场监管", "市场监管", [
        "NR:食品经营户日常检查", "NR:无证无照经营排查", "R:特种设备使用登记协查", "X:消费维权站点材料报送",
        "NX:价格监测数据采集", "R:网络订餐经营户摸排",
    ]),
    ("住建与物业", "住建", [
        "A:老旧小区改造意见征集", "D:业主大会成立指导", "M:物业服务质量评议", "R:住房租赁备案协查",
        "A:危房排查上报", "X:物业企业信用评价材料", "NR:房屋安全鉴定", "R:电梯加装协调",
    ]),
    ("退役军人与优抚", "退役军人", [
        "A:退役军人信息采集", "A:光荣牌悬挂", "M:优抚对象走访慰问", "R:优待证申领初审", "X:拥军优属活动材料报送",
        "D:退役军人服务站日常服务",
    ]),
    ("残疾人服务", "残联", [
        "A:残疾人基本服务状况调查", "A:残疾人辅具适配申请受理", "M:残疾人就业情况登记", "R:残疾人证办理初审",
        "X:助残日活动材料报送",
    ]),
    ("文明创建", "文明办", [
        "A:文明城市创建常态化工作", "X:文明创建迎检资料整理", "X:志愿服务时长台账", "M:新时代文明实践站活动记录",
        "NX:文明创建路段包干值守", "R:公益广告张贴", "A:志愿服务组织与招募",
    ]),
    ("法治与调解", "司法", [
        "D:法律援助申请转交", "A:普法宣传", "M:法律顾问进社区登记", "R:安置帮教对象衔接", "X:普法考试组织",
        "D:居民公约修订",
    ]),
    ("教育与文体", "教育", [
        "A:适龄儿童入学信息摸排", "R:校外培训机构排查", "X:全民健身活动报名统计", "M:社区图书室借阅登记",
        "A:四点半课堂组织", "X:文体活动影像资料报送",
    ]),
    ("居民自治与综合", "民政", [
        "D:居民会议与议事协商", "D:居务公开", "D:社区服务站窗口服务", "M:社区工作日志", "X:各类创建挂牌",
        "NX:为部门出具不属社区职责的各类证明", "NX:部门考核评比的社区排名", "R:辖区单位共建协议签订",
        "D:网格走访与民情收集", "A:居民诉求收集转办", "X:社区工作月报", "R:社区商户信息普查", "D:社区协商议事会",
    ]),
    ("人口与计生", "卫健", [
        "A:出生人口信息登记协助", "X:育龄妇女信息核查", "X:计生协会会员发展", "M:家庭发展能力调查",
        "R:独生子女父母奖励初审",
    ]),
    ("民族宗教与侨务", "组织", [
        "R:少数民族流动人口服务", "X:宗教场所安全巡查台账", "A:归侨侨眷信息登记",
    ]),
    ("生态环境", "城管", [
        "A:噪声扰民投诉协查", "NR:餐饮油烟排放检查", "R:河道巡查",
    ]),
]

PREFIX = {"D": (TaskList.DUTY, Disposition.KEPT), "A": (TaskList.ASSISTING, Disposition.KEPT),
          "M": (TaskList.ASSISTING, Disposition.MERGED), "R": (TaskList.ASSISTING, Disposition.RETURNED),
          "X": (TaskList.ASSISTING, Disposition.ABOLISHED), "NR": (TaskList.NEGATIVE, Disposition.RETURNED),
          "NX": (TaskList.NEGATIVE, Disposition.ABOLISHED)}


def rows():
    """(number, category, department short name, list, disposition, title) for the 145 lines."""
    number = 0
    for category, department, lines in BASELINE:
        for line in lines:
            code, title = line.split(":", 1)
            number += 1
            task_list, disposition = PREFIX[code]
            yield number, category, department, task_list, disposition, title


def load(*, reform_date: datetime.date, before: datetime.date) -> int:
    """Write the baseline into the register (idempotent: lines already there are kept as they are).

    Kept tasks are in force from `before` with no end; the others were carried from `before` until
    the reform (`reform_date`). Merged tasks name the first kept task of their category.
    """
    created = 0
    with transaction.atomic():
        departments = {}
        for name, short in DEPARTMENTS:
            departments[short], _ = Department.objects.get_or_create(short_name=short, defaults={"name": name})
        first_kept = {}
        pending_merges = []
        for number, category, short, task_list, disposition, title in rows():
            task = Task.objects.filter(baseline_number=number).first()
            if task is None:
                task = Task.objects.create(
                    code=f"JC-{number:03d}", baseline_number=number, title=title, category=category,
                    task_list=task_list, department=departments[short], origin=Origin.BASELINE,
                    disposition=Disposition.KEPT, in_force_from=before,
                    legal_basis=_basis(task_list, category), ledgers_required=f"{title}台账")
                TaskChange.objects.create(task=task, from_status="", to_status=Disposition.KEPT, actor=None,
                                          note="原145项梳理")
                created += 1
                if disposition != Disposition.KEPT:
                    pending_merges.append((task, disposition, category))
            if task.disposition == Disposition.KEPT:
                first_kept.setdefault(category, task)
        for task, disposition, category in pending_merges:
            task.disposition = disposition
            task.in_force_until = reform_date
            task.merged_into = first_kept[category] if disposition == Disposition.MERGED else None
            task.save(update_fields=["disposition", "in_force_until", "merged_into"])
            TaskChange.objects.create(task=task, from_status=Disposition.KEPT, to_status=disposition, actor=None,
                                      note="去机关化梳理")
    return created


def _basis(task_list: str, category: str) -> str:
    if task_list == TaskList.DUTY:
        return "《中华人民共和国城市居民委员会组织法》及相关法规"
    if task_list == TaskList.NEGATIVE:
        return "社区工作事项负面清单（不应由社区承担）"
    return f"{category}相关规定（协助政府部门开展工作）"
