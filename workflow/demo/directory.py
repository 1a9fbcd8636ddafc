"""The demo's sessions, bureaus, categories, reasons and people."""

SESSIONS = [
    # channel, name, term, meeting, year, number format
    ("cppcc", "金华市政协九届五次会议", 9, 5, 2026, "第{n}号"),
    ("npc", "金华市九届人大五次会议", 9, 5, 2026, "{delegation}{n}号"),
]

# code, name, short name, unified social credit code, document prefix (CPPCC), prefix (NPC)
BUREAUS = [
    ("jxj", "金华市经济和信息化局", "市经信局", "1133070000259288XD", "金经信办提", "金经信办建"),
    ("czj", "金华市财政局", "市财政局", "113307000025916551", "金财提", "金财建"),
    ("rsj", "金华市人力资源和社会保障局", "市人社局", "11330700002592274A", "金人社提", "金人社建"),
    ("jrb", "金华市地方金融监督管理局", "市金融办", "11330700MB1636205X", "金金融提", "金金融建"),
    ("swj", "国家税务总局金华市税务局", "市税务局", "11330700MB0Y46813C", "金税提", "金税建"),
    ("scj", "金华市市场监督管理局", "市市场监管局", "11330700MB1C2887XA", "金市监提", "金市监建"),
    ("zjj", "金华市住房和城乡建设局", "市住建局", "113307000025920373", "金建提", "金建建"),
    ("jyj", "金华市教育局", "市教育局", "113307000025918391", "金教提", "金教建"),
    ("jtj", "金华市交通运输局", "市交通运输局", "11330700002591762E", "金交提", "金交建"),
    ("wjw", "金华市卫生健康委员会", "市卫健委", "11330700002592071U", "金卫提", "金卫建"),
    # The rest of a city government's bureaus (issue 11: suggested bureaus choose among them); their
    # duties are in bureau_duties.py.
    ("fgw", "金华市发展和改革委员会", "市发改委", None, "金发改提", "金发改建"),
    ("kjj", "金华市科学技术局", "市科技局", None, "金科提", "金科建"),
    ("gaj", "金华市公安局", "市公安局", None, "金公提", "金公建"),
    ("mzj", "金华市民政局", "市民政局", None, "金民提", "金民建"),
    ("sfj", "金华市司法局", "市司法局", None, "金司提", "金司建"),
    ("zgj", "金华市自然资源和规划局", "市自然资源规划局", None, "金自然资源提", "金自然资源建"),
    ("hbj", "金华市生态环境局", "市生态环境局", None, "金环提", "金环建"),
    ("slj", "金华市水利局", "市水利局", None, "金水提", "金水建"),
    ("nyj", "金华市农业农村局", "市农业农村局", None, "金农提", "金农建"),
    ("swu", "金华市商务局", "市商务局", None, "金商提", "金商建"),
    ("wlj", "金华市文化广电旅游局", "市文广旅游局", None, "金文旅提", "金文旅建"),
    ("tyjr", "金华市退役军人事务局", "市退役军人局", None, "金退役提", "金退役建"),
    ("yjj", "金华市应急管理局", "市应急管理局", None, "金应急提", "金应急建"),
    ("ybj", "金华市医疗保障局", "市医保局", None, "金医保提", "金医保建"),
    ("zfj", "金华市综合行政执法局", "市综合执法局", None, "金执法提", "金执法建"),
    ("sjj", "金华市大数据发展管理局", "市大数据局", None, "金数提", "金数建"),
    ("tyj", "金华市体育局", "市体育局", None, "金体提", "金体建"),
]

CATEGORIES = ["经济", "城建", "科教文卫", "社会法制", "农业农村", "综合"]

NOT_FILED_REASONS = [
    "涉及国家秘密的",
    "涉及民族宗教等敏感问题不宜公开讨论的",
    "司法机关正在审理的案件或者属于诉讼、仲裁、行政复议等法定程序处理范围的",
    "属于个人或者亲属的人事安排、职务职级、工资福利等个人和家庭事务的",
    "宣传、推介具体产品、企业或者个人的",
    "没有具体建议内容或者内容空泛的",
    "不属于本级政府及其部门职权范围的",
]

# username, name, roles, bureau code, channel, group, prefix, principal leader, e-mail
USERS = [
    ("admin", "系统管理员", ["admin"], None, None, None, None, False, "admin@example.gov.cn"),
    ("office", "提案委经办人", ["office"], None, None, None, None, False, "office@example.gov.cn"),
    ("proposer", "杨文艳", ["proposer"], None, "cppcc", "经济界", None, False, "yangwenyan@example.com"),
    ("proposer2", "戴培红", ["proposer"], None, "cppcc", "工商联界", None, False, "daipeihong@example.com"),
    ("proposer3", "欧阳明", ["proposer"], None, "cppcc", "科技界", None, False, "ouyangming@example.com"),
    ("deputy", "何明", ["proposer"], None, "npc", "义乌代表团", "义", False, "heming@example.com"),
    ("deputy2", "司马青", ["proposer"], None, "npc", "东阳代表团", "东", False, "simaqing@example.com"),
    ("clerk", "邵军", ["clerk"], "jxj", None, None, None, False, "shaojun@example.gov.cn"),
    ("approver", "陈立新", ["approver"], "jxj", None, None, None, True, "chenlixin@example.gov.cn"),
    ("coclerk", "王慧", ["clerk"], "czj", None, None, None, False, "wanghui@example.gov.cn"),
    ("coapprover", "李建国", ["approver"], "czj", None, None, None, True, "lijianguo@example.gov.cn"),
    ("rsclerk", "张悦", ["clerk"], "rsj", None, None, None, False, "zhangyue@example.gov.cn"),
]


def accounts() -> list[dict]:
    """Every demo account as the login page lists it (DEMO_MODE): login, name, role, and the bureau
    or the channel and group."""
    short = {code: short_name for code, _name, short_name, *_rest in BUREAUS}
    return [
        {"username": username, "name": name, "roles": roles, "bureau": short.get(bureau), "channel": channel,
         "group": group}
        for username, name, roles, bureau, channel, group, _prefix, _principal, _email in USERS
    ]
