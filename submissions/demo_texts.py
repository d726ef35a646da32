"""The demo campaigns and their reward rules in Chinese (seed 004 is Chinese; English
is in ``submissions.demo``)."""

SEED_DESCRIPTION_ZH = """\
《OceanBase 4.x DBA 进阶教程》的初版内容已于 2024 年 12 月 31 日完成。初版还偏
“学院派”一些：现在我们希望把大家的真实经验写进去。

共建需求十分简单：把使用 OceanBase 社区版过程中真实用过的方案、积累的运维经验分享
给大家，包括但不限于：根据业务特点设计部署架构的思路、各种周边工具的使用技巧、性能
调优技巧、让你有成就感的问题排查和分析过程。不需要像官网文档一样有格式要求。

**参与方法**

1. 在论坛投稿，或
2. 在博客投稿，或
3. 在 GitHub 上投稿，或
4. 通过教程捉虫参与共建：根据贡献值大小获得相应积分。

所有投稿被选中的用户，都会出现在进阶教程电子书的致谢名单中。
"""

# By slug.
CAMPAIGNS = {
    "advanced-dba-tutorial": {
        "title": {"zh-hans": "《OceanBase 4.x DBA 进阶教程》用户共建计划"},
        "summary": {"zh-hans": "把你真实的运维经验写进进阶教程。"},
        "description": {"zh-hans": SEED_DESCRIPTION_ZH},
    },
    "operations-stories": {
        "title": {"zh-hans": "运维故事征集"},
        "summary": {"zh-hans": "讲讲你在生产环境中如何运行数据库：博客或论坛均可。"},
        "description": {
            "zh-hans": "写一写你的集群的一天。每篇被选中的故事都有积分；最好的会收入社区通讯。"
        },
    },
}

# By the rule's English name.
RULES = {
    "Angel round": {"name": {"zh-hans": "天使轮投稿"}},
    "Early bird": {"name": {"zh-hans": "早鸟投稿"}},
    "Selected from April to June": {"name": {"zh-hans": "4 月至 6 月期间被选中"}},
    "Bug hunting": {"name": {"zh-hans": "教程捉虫"}},
    "Story selected during the campaign": {"name": {"zh-hans": "活动期间被选中的故事"}},
}
