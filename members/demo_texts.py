"""The demo's tiers, certification levels and volunteer groups in other languages.

From the seeds' own texts: seed 001 (tiers, certifications) is Chinese, seed 002
(volunteer groups) French; English is in ``members.demo``.
"""

from members.enums import TierLevel

TIERS = {
    TierLevel.USER: {
        "requirements": {
            "zh-hans": "- 技术能力：基础\n- 使用经验：实际使用\n- 社区活跃度：低\n- 参与意愿：有"
        },
        "privileges": {"zh-hans": "- 问题报告权\n- 反馈提交权\n- 社区参与权\n- 资源访问权"},
    },
    TierLevel.CONTRIBUTOR: {
        "requirements": {
            "zh-hans": "- 技术能力：中级\n- 贡献度：有效贡献\n- 社区活跃度：中\n- 学习意愿：强"
        },
        "privileges": {"zh-hans": "- 代码提交权限\n- 问题报告权\n- 讨论参与权\n- 学习资源权"},
    },
    TierLevel.CORE_CONTRIBUTOR: {
        "requirements": {
            "zh-hans": "- 技术能力：高级\n- 贡献度：重要贡献\n- 社区活跃度：高\n- 专业领域：专长"
        },
        "privileges": {"zh-hans": "- 代码审查权限\n- 技术讨论权\n- 提案提交权\n- 社区活动权"},
    },
    TierLevel.MAINTAINER: {
        "requirements": {
            "zh-hans": "- 技术能力：专家级\n- 贡献度：持续贡献\n- 社区活跃度：高\n- 领导力：强"
        },
        "privileges": {
            "zh-hans": "- 代码合并权限\n- 版本发布权限\n- 技术决策权\n"
            "- 社区管理权（管理后台的评审权限）"
        },
    },
}


def _level(name, requirements):
    return {"name": {"zh-hans": name}, "requirements": {"zh-hans": requirements}}


# By slug. The badges' names are the seed's own English names in every language.
LEVELS = {
    "foundation": _level("基础认证", "- 完成基础课程\n- 通过基础考试\n- 完成实践项目\n- 社区参与"),
    "professional": _level(
        "专业认证", "- 完成专业课程\n- 通过专业考试\n- 完成专业项目\n- 技术贡献"
    ),
    "expert": _level("专家认证", "- 完成专家课程\n- 通过专家考试\n- 完成专家项目\n- 社区领导"),
    "master": _level("大师认证", "- 完成大师课程\n- 通过大师考试\n- 完成大师项目\n- 行业影响"),
    "beginner": _level("初学者", "- 完成入门教程\n- 通过基础测试\n- 提交第一个 PR\n- 参与社区讨论"),
    "intermediate": _level(
        "中级用户", "- 完成中级教程\n- 通过中级测试\n- 贡献 5 个 PR\n- 参与技术讨论"
    ),
    "advanced": _level(
        "高级用户", "- 完成高级教程\n- 通过高级测试\n- 贡献 20 个 PR\n- 参与架构讨论"
    ),
    "expert-badge": _level(
        "专家用户", "- 完成专家认证\n- 通过专家测试\n- 贡献 50 个 PR\n- 参与技术决策"
    ),
}

# By slug: seed 002's French, and its Chinese.
GROUPS = {
    "core-organizers": {
        "name": {"zh-hans": "核心组织者", "fr": "Organisateurs principaux"},
        "description": {
            "zh-hans": "制定社区的流程规范，参与社区决策。",
            "fr": "Établir les normes de processus et participer aux décisions de la communauté.",
        },
        "responsibilities": {
            "zh-hans": "- 制定流程规范，参与社区决策\n- 组织开发者大赛和分享交流活动\n"
            "- 发掘优秀的开发者和爱好者加入社区\n- 将仓库和 ISO 分发到新的开源镜像站\n"
            "- 参与新版本、新功能发布前的内部测试",
            "fr": "- Établir des normes de processus, participer aux décisions de la communauté\n"
            "- Participer à l'organisation des concours de développeurs et des activités "
            "de partage et d'échange\n"
            "- Identifier d'excellents développeurs et passionnés pour qu'ils rejoignent "
            "la communauté\n"
            "- Distribuer les dépôts et les ISO vers de nouveaux sites miroirs open source\n"
            "- Participer aux tests internes avant le lancement de nouvelles versions "
            "et fonctionnalités",
        },
    },
    "station-volunteers": {
        "name": {"zh-hans": "城市/高校站志愿者", "fr": "Stations urbaines/universitaires"},
        "description": {
            "zh-hans": "在城市和高校建立并运营社区站点。",
            "fr": "Développer ou établir des stations dans les villes et les universités.",
        },
        "responsibilities": {
            "zh-hans": "- 在城市/高校发展或建立站点\n- 参与开发者大赛的推广，定期举办分享交流活动\n"
            "- 发掘优秀的开发者加入，扩大站点规模\n- 参与生态拓展工作\n"
            "- 参与新版本发布前的内部测试",
            "fr": "- Développer ou établir des stations dans les villes/universités\n"
            "- Participer à la promotion des concours de développeurs, organiser "
            "régulièrement des activités de partage et d'échange\n"
            "- Identifier d'excellents développeurs, étendre l'échelle des stations\n"
            "- Participer au travail d'expansion de l'écosystème\n"
            "- Participer aux tests internes avant le lancement de nouvelles versions",
        },
    },
    "media-group": {
        "name": {"zh-hans": "媒体组", "fr": "Groupe médias"},
        "description": {
            "zh-hans": "通过视频和文章建设社区品牌。",
            "fr": "Participer à la construction de la marque de la communauté.",
        },
        "responsibilities": {
            "zh-hans": "- 定期为哔哩哔哩、抖音等账号录制推广视频\n"
            "- 撰写优秀技术文章，投稿至微信公众号\n- 拓展与 KOL 或媒体的资源互换合作",
            "fr": "- Enregistrer régulièrement des vidéos pour les comptes Bilibili, Douyin, "
            "etc. pour la promotion\n"
            "- Rédiger régulièrement d'excellents articles techniques et les soumettre pour "
            "publication sur le compte officiel WeChat\n"
            "- Développer la coopération avec des KOL ou des médias pour l'échange de "
            "ressources",
        },
    },
    "design-group": {
        "name": {"zh-hans": "设计组", "fr": "Groupe design"},
        "description": {
            "zh-hans": "设计社区的视觉形象。",
            "fr": "Concevoir l'identité visuelle de la communauté.",
        },
        "responsibilities": {
            "zh-hans": "- 参与社区的视觉设计",
            "fr": "- Participer à la conception visuelle de la communauté",
        },
    },
}
