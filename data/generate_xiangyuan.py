#!/usr/bin/env python3
"""Writes data/xiangyuan.json: Xiangyuan county (Changzhi, Shanxi) as a fengqiao county file.

Real where public records give it: the county, its nine towns, the economic development zone, and the
two villages a 2024 report on the county's practice names (东周村 in 侯堡镇, 西河底村 in 古韩镇), plus the
counts of villages (234) and communities (9) and the population (about 260,000). Everything else — the
other village and community names, how villages are spread over the towns, populations, named mediator
studios — is generated, deterministically, and every generated entry carries "generated": true.

Run:  /usr/bin/python3 data/generate_xiangyuan.py > data/xiangyuan.json
"""
import json
import random

RNG = random.Random(140423)  # fixed: the file is reproducible

TOWNS = [  # (code, name, villages, communities) — counts per town are generated; totals are real
    ("guhan", "古韩镇", 22, 6),   # the county seat: most communities
    ("wangqiao", "王桥镇", 28, 0),
    ("houbao", "侯堡镇", 27, 1),
    ("xiadian", "夏店镇", 29, 0),
    ("siting", "虒亭镇", 27, 0),
    ("xiying", "西营镇", 25, 0),
    ("wangcun", "王村镇", 26, 0),
    ("xialiang", "下良镇", 24, 0),
    ("shanfu", "善福镇", 20, 0),
]
ZONE = ("kaifaqu", "襄垣经济技术开发区", 6, 2)
REAL_VILLAGES = {"houbao": [("dongzhou", "东周村")], "guhan": [("xihedi", "西河底村")]}
RESIDENTS = 260_000
CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n):
    """Chinese numerals for 1..99, as in generated names like 第二十三村."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + ("" if ones == 0 else CN_DIGITS[ones])


def build():
    areas = TOWNS + [ZONE]
    assert sum(a[2] for a in areas) == 234 and sum(a[3] for a in areas) == 9
    jurisdictions = [{"code": "xiangyuan", "name": "襄垣县", "kind": "county", "population": RESIDENTS}]
    actors = []
    local = []  # (code, name, kind, town code) of every village and community

    for code, name, villages, communities in areas:
        kind = "development_zone" if code == "kaifaqu" else "town"
        tcode = "xiangyuan." + code
        jurisdictions.append({"code": tcode, "name": name, "kind": kind, "parent": "xiangyuan"})
        real = REAL_VILLAGES.get(code, [])
        for vcode, vname in real:
            local.append((tcode + "." + vcode, vname, "village", tcode, False))
        for i in range(1, villages - len(real) + 1):
            local.append((f"{tcode}.v{i:02d}", f"{name}第{cn_number(i)}村", "village", tcode, True))
        for i in range(1, communities + 1):
            local.append((f"{tcode}.c{i}", f"{name}第{cn_number(i)}社区", "community", tcode, True))

    # Populations: communities are urban and larger; the total is the county's.
    weights = [RNG.uniform(3.5, 6.5) if kind == "community" else RNG.uniform(0.4, 1.8) for _, _, kind, _, _ in local]
    scale = RESIDENTS / sum(weights)
    pops = [max(150, int(w * scale)) for w in weights]
    pops[0] += RESIDENTS - sum(pops)
    town_pop = {}
    for (vcode, vname, kind, tcode, generated), pop in zip(local, pops):
        entry = {"code": vcode, "name": vname, "kind": kind, "parent": tcode, "population": pop}
        if generated:
            entry["generated"] = True
        jurisdictions.append(entry)
        town_pop[tcode] = town_pop.get(tcode, 0) + pop
    for j in jurisdictions:
        if j["code"] in town_pop:
            j["population"] = town_pop[j["code"]]

    # The county's comprehensive-governance centre and the departments stationed there.
    def actor(code, name, role, where, specialties="all", body=True, generated=False, capacity=0):
        a = {"code": code, "name": name, "role": role, "jurisdiction": where, "body": body,
             "specialties": specialties, "capacity": capacity}
        if generated:
            a["generated"] = True
        actors.append(a)

    actor("xiangyuan.centre", "襄垣县社会治理综合服务中心", "county_centre_staff", "xiangyuan")
    actor("xiangyuan.petition", "襄垣县信访局（驻中心）", "petition_office", "xiangyuan")
    actor("xiangyuan.arbitration", "襄垣县劳动人事争议仲裁院（驻中心）", "arbitrator", "xiangyuan",
          ["labour_wages", "work_injury"])
    actor("xiangyuan.judicial", "襄垣县司法局人民调解指导（驻中心）", "judicial_office", "xiangyuan")
    actor("xiangyuan.court", "襄垣县人民法院诉调对接（驻中心）", "court_tribunal", "xiangyuan")
    actor("xiangyuan.police", "襄垣县公安局（驻中心）", "police_station", "xiangyuan")
    actor("xiangyuan.medical", "襄垣县医疗纠纷人民调解委员会", "peoples_mediator", "xiangyuan", ["medical"])
    actor("xiangyuan.traffic", "襄垣县道路交通事故纠纷调解委员会", "peoples_mediator", "xiangyuan",
          ["traffic_accident"])
    actor("xiangyuan.family", "襄垣县婚姻家庭纠纷调解委员会", "peoples_mediator", "xiangyuan", ["marriage_family"])
    actor("xiangyuan.property", "襄垣县物业纠纷调解委员会", "peoples_mediator", "xiangyuan", ["property_management"])
    actor("xiangyuan.consumer", "襄垣县消费者协会", "peoples_mediator", "xiangyuan", ["consumer"])
    actor("xiangyuan.auditor", "襄垣县委政法委督查室", "auditor", "xiangyuan", body=True)

    # Each town and the zone: the "three chiefs" joint team, a cadre, and a township mediation committee.
    for code, name, _, _ in areas:
        tcode = "xiangyuan." + code
        short = name if code == "kaifaqu" else name[:-1]
        actor(tcode + ".judicial", f"{short}司法所", "judicial_office", tcode)
        actor(tcode + ".police", f"{short}派出所", "police_station", tcode)
        actor(tcode + ".tribunal", f"{short}人民法庭", "court_tribunal", tcode)
        actor(tcode + ".cadre", f"{short}综治中心", "township_cadre", tcode)
        actor(tcode + ".mediation", f"{name}人民调解委员会", "peoples_mediator", tcode)

    # Named mediator studios in the county seat (names generated).
    actor("xiangyuan.guhan.studio-1", "老杨调解工作室", "peoples_mediator", "xiangyuan.guhan",
          ["neighbour", "marriage_family", "land_homestead"], body=True, generated=True)
    actor("xiangyuan.guhan.studio-2", "巧嘴媳妇调解工作室", "peoples_mediator", "xiangyuan.guhan",
          ["marriage_family", "neighbour"], body=True, generated=True)

    # A mediation committee and a grid worker in every village and community.
    for vcode, vname, kind, _, generated in local:
        actor(vcode + ".mediation", f"{vname}人民调解委员会", "peoples_mediator", vcode, generated=generated)
        actor(vcode + ".grid", f"{vname}网格员", "grid_worker", vcode, body=False, generated=generated)

    return jurisdictions, actors


def calendar():
    # State Council General Office notices on public holidays (2025, 2026): rest days and make-up days.
    holidays = []
    spans = [("2025-01-01", 1), ("2025-01-28", 8), ("2025-04-04", 3), ("2025-05-01", 5), ("2025-05-31", 3),
             ("2025-10-01", 8), ("2026-01-01", 3), ("2026-02-15", 9), ("2026-04-04", 3), ("2026-05-01", 5),
             ("2026-06-19", 3), ("2026-09-25", 3), ("2026-10-01", 7)]
    import datetime
    for start, n in spans:
        d = datetime.date.fromisoformat(start)
        holidays += [(d + datetime.timedelta(days=i)).isoformat() for i in range(n)]
    working = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
               "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    return {"utc_offset": "+08:00", "holidays": holidays, "working_days": working, "suspensions": []}


def policies():
    statutory = [
        {"state": "mediating", "days": 30, "count": "calendar",
         "source": "Ministry of Justice, Several Provisions on People's Mediation Work (2002): a dispute is "
                   "generally mediated within one month"},
        {"state": "mediating", "category": "labour_wages", "days": 15, "count": "calendar",
         "source": "Labour Dispute Mediation and Arbitration Law art. 14: no agreement within 15 days of the "
                   "application, and a party may apply for arbitration"},
        {"state": "mediating", "category": "work_injury", "days": 15, "count": "calendar",
         "source": "Labour Dispute Mediation and Arbitration Law art. 14"},
        {"state": "mediating", "category": "medical", "days": 30, "count": "working",
         "source": "Regulation on the Prevention and Handling of Medical Disputes (2018) art. 33: concluded within "
                   "30 working days of acceptance"},
        {"state": "mediating", "category": "consumer", "days": 45, "count": "working",
         "source": "Market regulation complaint handling: consumer complaint mediation concluded within 45 "
                   "working days of acceptance"},
        {"state": "agreed", "days": 30, "count": "calendar",
         "source": "People's Mediation Law art. 33: judicial confirmation is applied for within 30 days of the "
                   "agreement taking effect"},
        {"state": "confirming", "days": 15, "count": "calendar",
         "source": "Supreme People's Court provisions on the judicial confirmation procedure (2011): a decision "
                   "within 15 days of accepting the application"},
        {"state": "referred", "route": "arbitration", "days": 45, "extension_days": 15, "count": "calendar",
         "source": "Labour Dispute Mediation and Arbitration Law art. 43: an award within 45 days, extendable by 15"},
        {"state": "reported", "channel": "petition", "days": 15, "count": "calendar",
         "source": "Regulations on Letters and Visits Work (2022): decide within 15 days whether to accept or "
                   "route a petition"},
        {"state": "mediating", "channel": "petition", "days": 60, "extension_days": 30, "count": "calendar",
         "source": "Regulations on Letters and Visits Work (2022): handled within 60 days of acceptance, "
                   "extendable by up to 30"},
        {"state": "referred", "route": "petition", "days": 30, "extension_days": 30, "count": "calendar",
         "source": "Regulations on Letters and Visits Work (2022): a review, requested within 30 days of the "
                   "reply, is decided within 30 days"},
    ]
    return {
        "version": "fengqiao-xiangyuan-2025.1",
        "escalation": {"escalate_automatically": True, "min_sessions": 1, "red_risk_to_county": True,
                       "handled_by": {"labour_wages": "arbitrator", "work_injury": "arbitrator"},
                       "top_route": {"labour_wages": "arbitration", "work_injury": "arbitration",
                                     "land_homestead": "administrative", "consumer": "administrative"}},
        "assignment": {"joint_team_min_risk": "orange", "joint_team_min_amount_yuan": 100000,
                       "joint_team_min_parties": 10},
        "deadline": {"warning_lead_days": 3, "grant_extensions": False, "rules": statutory},
        "risk": {"threat": 3, "violence_history": 2, "per_failure": 1, "max_failure_points": 2, "per_repeat": 1,
                 "max_repeat_points": 2, "many_parties": 5, "mass_parties": 10, "large_amount_yuan": 50000,
                 "huge_amount_yuan": 500000, "yellow": 1, "orange": 3, "red": 5},
    }


def main():
    jurisdictions, actors = build()
    doc = {
        "format": "fengqiao-county/1",
        "name": "襄垣县",
        "sources": [
            "Xiangyuan county, Changzhi city, Shanxi: 9 towns (古韩镇, 王桥镇, 侯堡镇, 夏店镇, 虒亭镇, 西营镇, 王村镇, "
            "下良镇, 善福镇) and an economic development zone; 234 villages and 9 communities; about 260,000 residents",
            "A 2024 report on the county's one-stop dispute resolution names 东周村 (侯堡镇) and 西河底村 (古韩镇)",
            "Entries marked \"generated\": true (other village and community names, the spread of villages over "
            "towns, populations, mediator studios) are synthetic, made by data/generate_xiangyuan.py",
            "Holidays: State Council General Office notices on public holiday arrangements for 2025 and 2026",
        ],
        "jurisdictions": jurisdictions,
        "actors": actors,
        "calendar": calendar(),
        "policies": policies(),
    }
    print(json.dumps(doc, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
