"""The community service list loaded by `seed_demo` (53 items, typical Taijiang community list).

Each row: code, name, group, level, promised days, legal days, online, proxy, home service,
materials (name, form, copies, note), conditions, legal basis. Administrators change the list
afterwards through the catalogue pages; this module is only the starting point.
"""

ID = ("居民身份证", "both", 1, "")
HUKOU = ("户口簿", "both", 1, "户主页及本人页")
PHOTO = ("近期一寸免冠彩色照片", "original", 2, "白底")
FORM = ("申请表", "form", 1, "窗口领取或网上下载填写")
INCOME = ("家庭成员收入证明", "original", 1, "近 6 个月")
BANK = ("本人银行卡（存折）", "copy", 1, "社保卡金融账户亦可")
DISABILITY = ("残疾人证", "both", 1, "")
DIPLOMA = ("退役证件（退伍证、转业证等）", "both", 1, "")
MEDICAL = ("医院诊断证明或病历", "copy", 1, "二级以上医院")
CONTRACT = ("房屋租赁合同", "copy", 1, "")
PROPERTY = ("房屋产权证明", "copy", 1, "")
PARTY = ("党组织介绍信", "original", 1, "")

C, S, D = "community", "street", "district"
CIVIL_BASIS = "《社会救助暂行办法》《福建省最低生活保障条例》"

ITEMS = [
    # 民政 civil affairs
    ("mz-dibao", "最低生活保障申请", "civil", S, 20, 30, True, True, True, [ID, HUKOU, FORM, INCOME, BANK],
     "家庭人均收入低于当地低保标准且财产状况符合规定；街道审核后公示不少于 5 个工作日。", CIVIL_BASIS),
    ("mz-dibao-edge", "低保边缘家庭认定", "civil", S, 20, 30, True, True, False, [ID, HUKOU, FORM, INCOME],
     "家庭人均收入低于低保标准 1.5 倍。", CIVIL_BASIS),
    ("mz-tekun", "特困人员救助供养", "civil", S, 20, 30, True, True, True,
     [ID, HUKOU, FORM, ("无劳动能力证明", "original", 1, "")], "无劳动能力、无生活来源、无法定赡养抚养扶养义务人。",
     CIVIL_BASIS),
    ("mz-linshi", "临时救助", "civil", S, 5, 10, True, True, True, [ID, FORM, ("困难情况说明", "original", 1, "")],
     "因突发事件、意外伤害、重大疾病等导致基本生活陷入困境；急难情形先行救助。", CIVIL_BASIS),
    ("mz-gaoling", "高龄补贴", "civil", S, 15, 20, True, True, True, [ID, HUKOU, BANK],
     "本区户籍 80 周岁以上老年人。", "《福建省老年人权益保障条例》"),
    ("mz-youdai", "老年人优待证", "civil", C, 20, 30, True, True, True, [ID, PHOTO],
     "60 周岁以上老年人；60–69 岁与 70 岁以上分别制发。", "《福建省老年人权益保障条例》"),
    ("mz-jujia", "居家养老服务补贴", "civil", S, 15, 20, True, True, True, [ID, HUKOU, FORM, ("能力评估报告", "copy", 1, "")],
     "经评估失能、半失能的困难老年人。", "《福州市居家社区养老服务管理办法》"),
    ("mz-kncj", "困难残疾人生活补贴", "civil", S, 15, 20, True, True, True, [ID, DISABILITY, BANK],
     "低保家庭中的残疾人。", "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"),
    ("mz-zdcj", "重度残疾人护理补贴", "civil", S, 15, 20, True, True, True, [ID, DISABILITY, BANK],
     "残疾等级为一级、二级且需长期照护的重度残疾人。", "同上"),
    ("mz-binzang", "惠民殡葬补贴", "civil", S, 10, 20, True, True, False,
     [("死亡证明", "copy", 1, ""), ("火化证明", "copy", 1, ""), ("经办人身份证", "both", 1, "")],
     "本区户籍居民身故。", "《福州市惠民殡葬政策实施办法》"),
    ("mz-kunjing", "困境儿童保障申请", "civil", S, 20, 30, True, True, True, [HUKOU, FORM, ("监护人身份证", "both", 1, "")],
     "因家庭贫困、自身残疾或监护缺失陷入困境的儿童。", "《国务院关于加强困境儿童保障工作的意见》"),
    # 残联 disability
    ("cl-new", "残疾人证新办", "disability", D, 20, 30, True, True, True, [ID, HUKOU, PHOTO, MEDICAL],
     "经指定医院残疾评定。社区受理后转区残联评定。", "《中华人民共和国残疾人证管理办法》"),
    ("cl-renew", "残疾人证换领", "disability", D, 20, 30, True, True, True, [ID, DISABILITY, PHOTO],
     "证件有效期满或等级变化。", "《中华人民共和国残疾人证管理办法》"),
    ("cl-transfer", "残疾人证迁移", "disability", D, 30, 30, True, True, False, [ID, HUKOU, DISABILITY],
     "户籍迁入本区。", "《中华人民共和国残疾人证管理办法》"),
    ("cl-fuju", "辅助器具适配", "disability", D, 20, 30, True, True, True, [ID, DISABILITY, FORM],
     "持证残疾人。", "《残疾人辅助器具适配服务规范》"),
    # 人社、医保 labour and insurance
    ("rs-shiye", "就业失业登记", "labour", C, 0, 0, True, True, False, [ID], "法定劳动年龄内、有劳动能力的居民。",
     "《就业服务与就业管理规定》"),
    ("rs-jiuyekn", "就业困难人员认定", "labour", S, 10, 15, True, True, False, [ID, FORM, ("困难情况证明", "copy", 1, "")],
     "已办理失业登记并符合就业困难条件。", "《福建省就业困难人员认定办法》"),
    ("rs-gongyi", "公益性岗位申请", "labour", S, 10, 15, True, False, False, [ID, FORM],
     "经认定的就业困难人员。", "《福建省公益性岗位开发管理办法》"),
    ("rs-yanglao", "城乡居民养老保险参保", "labour", C, 0, 5, True, True, True, [ID, HUKOU],
     "年满 16 周岁、不在校、未参加职工养老保险的居民。", "《城乡居民基本养老保险经办规程》"),
    ("rs-yanglao-daiyu", "城乡居民养老保险待遇申领", "labour", S, 10, 20, True, True, True, [ID, HUKOU, BANK],
     "年满 60 周岁、累计缴费满 15 年。", "《城乡居民基本养老保险经办规程》"),
    ("rs-renzheng", "退休人员养老待遇资格认证", "labour", C, 0, 0, True, True, True, [ID],
     "每年一次；行动不便的可申请上门认证。", "《人力资源社会保障部关于全面推行养老保险待遇资格认证的通知》"),
    ("rs-yibao", "城乡居民医保参保缴费", "labour", C, 0, 5, True, True, False, [ID, HUKOU],
     "未参加职工医保的居民。", "《中华人民共和国社会保险法》"),
    ("rs-linghuo", "灵活就业参保咨询", "labour", C, 0, 0, True, False, False, [ID], "个体工商户及灵活就业人员。",
     "《中华人民共和国社会保险法》"),
    ("rs-chuangye", "创业担保贷款初审", "labour", S, 10, 20, True, False, False,
     [ID, FORM, ("营业执照", "copy", 1, ""), ("创业计划书", "original", 1, "")], "符合条件的创业人员。",
     "《创业担保贷款管理办法》"),
    ("rs-txgl", "退休人员社会化管理登记", "labour", C, 5, 10, True, True, False, [ID, ("退休证", "both", 1, "")],
     "企业退休人员。", "《企业退休人员社会化管理服务规定》"),
    ("rs-jycyz", "就业创业证申领", "labour", C, 5, 10, True, True, False, [ID, PHOTO], "有就业创业需求的劳动者。",
     "《就业服务与就业管理规定》"),
    # 卫健 health
    ("wj-shengyu", "生育登记", "health", C, 0, 0, True, True, False, [ID, ("结婚证", "copy", 1, "")],
     "夫妻双方或一方为本区户籍。", "《福建省人口与计划生育条例》"),
    ("wj-tebie", "计生特别扶助", "health", S, 20, 30, True, True, True, [ID, HUKOU, FORM, ("独生子女证明", "copy", 1, "")],
     "独生子女伤残或死亡家庭。", "《全国独生子女伤残死亡家庭扶助制度试点方案》"),
    ("wj-jiangli", "独生子女父母奖励", "health", S, 15, 20, True, True, False, [ID, ("独生子女父母光荣证", "both", 1, "")],
     "持证独生子女父母退休时。", "《福建省人口与计划生育条例》"),
    ("wj-qianyue", "家庭医生签约", "health", C, 0, 0, True, True, True, [ID, ("社保卡", "original", 1, "")],
     "辖区常住居民。", "《关于推进家庭医生签约服务的指导意见》"),
    ("wj-tijian", "老年人免费健康体检预约", "health", C, 0, 0, True, True, False, [ID], "65 周岁以上常住老年人。",
     "《国家基本公共卫生服务规范》"),
    ("wj-yunchan", "孕产妇健康管理建档", "health", C, 0, 0, True, False, False, [ID, ("孕检报告", "copy", 1, "")],
     "辖区孕妇。", "《国家基本公共卫生服务规范》"),
    # 公安协助 police support
    ("ga-liudong", "流动人口居住登记", "police", C, 0, 3, True, True, False, [ID, CONTRACT], "来榕居住的流动人口。",
     "《居住证暂行条例》"),
    ("ga-chuzu", "出租房屋登记", "police", C, 0, 3, True, True, True, [ID, PROPERTY, CONTRACT], "出租房屋的房主。",
     "《福建省流动人口服务管理条例》"),
    ("ga-juzhuzheng", "居住证申领受理", "police", D, 15, 15, True, True, False, [ID, PHOTO, CONTRACT],
     "居住半年以上并有合法稳定住所、就业或就读之一。", "《居住证暂行条例》"),
    # 退役军人 veterans
    ("jr-caiji", "退役军人信息采集", "veterans", C, 0, 0, True, True, True, [ID, DIPLOMA], "退役军人及其他优抚对象。",
     "《中华人民共和国退役军人保障法》"),
    ("jr-guangrong", "光荣牌悬挂", "veterans", C, 5, 10, False, True, True, [ID, DIPLOMA], "符合条件的退役军人家庭。",
     "《关于开展为烈属、军属和退役军人等家庭悬挂光荣牌工作的实施办法》"),
    ("jr-youdaizheng", "退役军人优待证申领", "veterans", D, 20, 30, True, True, True, [ID, DIPLOMA, PHOTO],
     "已完成信息采集的退役军人。", "《退役军人、其他优抚对象优待证管理办法》"),
    ("jr-youfu", "优抚对象待遇受理", "veterans", D, 20, 30, True, True, True, [ID, DIPLOMA, FORM, BANK],
     "烈士遗属、伤残军人、在乡老复员军人等。", "《军人抚恤优待条例》"),
    ("jr-jiuye", "退役军人就业创业扶持登记", "veterans", S, 10, 15, True, False, False, [ID, DIPLOMA, FORM],
     "有就业创业需求的退役军人。", "《中华人民共和国退役军人保障法》"),
    # 党务 Party affairs
    ("dw-zhuanjie", "党员组织关系转接", "party", C, 5, 10, False, False, False, [PARTY], "组织关系转入本社区党组织。",
     "《中国共产党章程》"),
    ("dw-liudong", "流动党员报到", "party", C, 0, 0, True, False, False, [("流动党员活动证", "original", 1, "")],
     "外出或流入的流动党员。", "《关于加强和改进流动党员管理工作的意见》"),
    ("dw-zaizhi", "在职党员进社区报到", "party", C, 0, 0, True, False, False, [("单位党组织介绍信", "original", 1, "")],
     "在职党员向居住地社区报到。", "《关于在职党员到社区报到为群众服务的通知》"),
    ("dw-rudang", "入党申请受理", "party", C, 30, 30, False, False, False, [("入党申请书", "original", 1, "本人手写")],
     "年满十八岁的居民。", "《中国共产党发展党员工作细则》"),
    ("dw-bangfu", "困难党员帮扶申请", "party", S, 15, 20, True, True, True, [ID, FORM], "生活困难的党员。",
     "《关于加强党内关怀帮扶工作的意见》"),
    # 其他 other
    ("qt-tiaojie", "人民调解申请", "other", C, 15, 30, True, False, True, [ID, ("纠纷情况说明", "original", 1, "")],
     "邻里、婚姻家庭、物业等民间纠纷。", "《中华人民共和国人民调解法》"),
    ("qt-falv", "法律援助申请", "other", D, 7, 7, True, True, False, [ID, FORM, ("经济困难声明", "original", 1, "")],
     "经济困难的公民；社区初审后转区法律援助中心。", "《中华人民共和国法律援助法》"),
    ("qt-zhiyuan", "志愿者注册", "other", C, 0, 0, True, False, False, [ID], "年满 14 周岁的居民。", "《志愿服务条例》"),
    ("qt-gongzu", "公租房初审", "other", S, 20, 30, True, True, True, [ID, HUKOU, FORM, INCOME, ("住房情况证明", "original", 1, "")],
     "住房困难且收入符合条件的家庭。", "《公共租赁住房管理办法》"),
    ("qt-dianti", "加装电梯意见征询", "other", C, 15, 20, False, False, True,
     [("业主意见表", "form", 1, "每户一份"), PROPERTY], "既有多层住宅加装电梯。", "《福州市既有住宅增设电梯实施办法》"),
    ("qt-juzhu", "居住证明", "other", C, 1, 3, True, True, False, [ID, ("居住情况材料", "copy", 1, "租赁合同、水电缴费单等")],
     "在本社区实际居住。", "《福建省社区证明事项清单》"),
    ("qt-yangquan", "养犬登记协助", "other", C, 3, 5, True, False, False, [ID, ("犬只免疫证明", "copy", 1, "")],
     "辖区养犬居民。", "《福州市养犬管理规定》"),
    ("qt-changzhe", "长者食堂就餐登记", "other", C, 0, 0, True, True, False, [ID], "60 周岁以上老年人，标准餐 10 元。",
     "《福州市长者食堂建设运营管理办法》"),
]
