"""The demo history's texts in Chinese and French (English is in ``insight.demo``)."""

# By slug: the past campaigns of the two years of history.
CAMPAIGNS = {
    "observability-cookbook": {
        "title": {
            "zh-hans": "可观测性实战手册共建",
            "fr": "Le livre de recettes de l’observabilité",
        },
        "summary": {
            "zh-hans": "分享一个你在生产环境中用过的可观测性方案。",
            "fr": "Partagez une recette d’observabilité que vous utilisez en production.",
        },
        "description": {
            "zh-hans": "每篇被选中的文章都会收入社区的实战手册。",
            "fr": "Chaque article retenu entre dans le livre de recettes de la communauté.",
        },
    },
    "collector-bug-bash": {
        "title": {"zh-hans": "Collector 捉虫月", "fr": "Mois de la chasse aux bogues du Collector"},
        "summary": {
            "zh-hans": "找出 Collector 文档和示例里的问题。",
            "fr": "Trouvez les erreurs de la documentation et des exemples du Collector.",
        },
        "description": {
            "zh-hans": "每个被确认的问题都有积分。",
            "fr": "Chaque erreur confirmée rapporte des points.",
        },
    },
    "migration-stories": {
        "title": {"zh-hans": "迁移故事征集", "fr": "Récits de migration"},
        "summary": {
            "zh-hans": "讲讲你如何把系统迁移过来。",
            "fr": "Racontez comment vous avez migré vos systèmes.",
        },
        "description": {
            "zh-hans": "写下你的迁移过程、遇到的坑和最后的结果。",
            "fr": "Décrivez votre migration, ses pièges et ce qu’elle a donné.",
        },
    },
    "first-contribution-month": {
        "title": {"zh-hans": "第一次贡献月", "fr": "Le mois de la première contribution"},
        "summary": {
            "zh-hans": "提交你的第一个 PR 或第一篇文章。",
            "fr": "Proposez votre première demande de fusion ou votre premier article.",
        },
        "description": {
            "zh-hans": "新人的每一份贡献都有导师帮忙审阅。",
            "fr": "Un mentor relit chaque contribution des nouveaux venus.",
        },
    },
}

# By the rule's English name.
RULES = {
    "Selected during the campaign": {
        "name": {"zh-hans": "活动期间被选中", "fr": "Retenu pendant la campagne"}
    },
}

# By the event's English title (a station's name is added in each language).
EVENTS = {
    "meetup": {
        "en": "{station} meetup",
        "zh-hans": "{station}线下交流会",
        "fr": "Rencontre de {station}",
    },
    "workshop": {
        "en": "{station} hands-on workshop",
        "zh-hans": "{station}动手工作坊",
        "fr": "Atelier pratique de {station}",
    },
    "online_talk": {
        "en": "{station} online talk",
        "zh-hans": "{station}线上分享",
        "fr": "Conférence en ligne de {station}",
    },
}
EVENT_DESCRIPTION = {
    "en": "Talks from production users, a demo, and time for questions.",
    "zh-hans": "生产用户的分享、现场演示和问答时间。",
    "fr": "Des retours d’utilisateurs en production, une démonstration et des questions.",
}

# The dormant station of the history.
WUHAN = {
    "name": {"zh-hans": "武汉", "fr": "Wuhan"},
    "description": {
        "zh-hans": "武汉站在 2025 年举办过几次活动，之后一直没有新的活动。",
        "fr": "La station de Wuhan a tenu quelques rencontres en 2025, puis plus aucune.",
    },
}

# The closed round of the co-construction program.
PAST_PROGRAM = {
    "title": {
        "zh-hans": "openGemini 社区共建计划（2025 年度）",
        "fr": "Programme de co-construction de la communauté openGemini (édition 2025)",
    },
    "summary": {
        "zh-hans": "上一年度的共建计划：已结束申请。",
        "fr": "L’édition précédente du programme : les candidatures sont closes.",
    },
    "description": {
        "zh-hans": "2025 年度的社区共建计划，参与者的里程碑见展示墙。",
        "fr": "L’édition 2025 du programme ; les jalons des participants sont sur la vitrine.",
    },
}
