"""The demo stations and their events in Chinese (seed 003 is Chinese; English is in
``stations.demo``)."""

# By the station's English name.
STATIONS = {
    "Shanghai": {
        "name": {"zh-hans": "上海站"},
        "description": {
            "zh-hans": "上海站成立于 2021 年 5 月 15 日，由活跃在上海的社区用户和成员组成。"
            "目前为初创阶段，**核心成员 4 人**。\n\n"
            "我们每两个月聚会一次：生产用户的分享、动手工作坊，以及自由交流。"
        },
    },
    "Hangzhou": {
        "name": {"zh-hans": "杭州站"},
        "description": {
            "zh-hans": "杭州站成立于 2021 年 5 月 15 日。目前为初创阶段，**核心成员 5 人**，"
            "在西湖边和线上聚会。"
        },
    },
    "Chengdu": {
        "name": {"zh-hans": "成都站"},
        "description": {
            "zh-hans": "成都站成立于 2021 年 5 月 15 日。目前为初创阶段，**核心成员 6 人**："
            "每次聚会后都去吃火锅。"
        },
    },
    "Zhejiang University": {
        "name": {"zh-hans": "浙江大学站"},
        "description": {"zh-hans": "浙江大学的校园站：学习小组、第一次贡献，每学期一次工作坊。"},
    },
}

PAST_EVENT_DESCRIPTION = {"zh-hans": "分享、演示和许多提问。幻灯片在站点的群里。"}
UPCOMING_EVENT_DESCRIPTION = {"zh-hans": "两场分享和开放讨论。欢迎带着你的问题和使用场景来。"}


def past_meetup(station_zh: str) -> dict:
    return {
        "title": {"zh-hans": f"{station_zh}聚会：一年的生产实践"},
        "description": PAST_EVENT_DESCRIPTION,
    }


def upcoming_meetup(station_zh: str) -> dict:
    return {
        "title": {"zh-hans": f"{station_zh}聚会：可观测性实践"},
        "description": UPCOMING_EVENT_DESCRIPTION,
    }


WORKSHOP = {
    "title": {"zh-hans": "动手工作坊：搭建你的第一个集群"},
    "description": UPCOMING_EVENT_DESCRIPTION,
}


# The summary of the Shanghai meetup, after the event.
FOLLOW_UP_SUMMARY = {
    "en": (
        "About thirty people came. Two teams told how their first year in production went: "
        "what broke, what they would do again, and what they measure now.\n\n"
        "Thank you to everyone who asked questions. The next meetup is about observability."
    ),
    "zh-hans": (
        "大约三十人到场。两个团队分享了他们投入生产第一年的经历：哪里出了问题、哪些做法值得再做，"
        "以及他们现在监测什么。\n\n感谢所有提问的朋友。下一次聚会的主题是可观测性。"
    ),
}
