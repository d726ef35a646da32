"""The demo program and its milestones in Chinese, from seed 000's own Chinese text
(English is in ``programs.demo``)."""

DESCRIPTION_ZH = """\
为了帮助用户快速融入社区，加速落地，共同打造繁荣的社区生态，openGemini 社区推出
**openGemini 社区共建计划**。

通过共建计划，您将获得技术指导、宣传推广等支持，以及线上线下技术布道和分享的机会！
如果您的公司或组织认可 openGemini 的技术路线，希望在使用 openGemini 的过程中得到帮助，
并有意与 openGemini 社区建立技术影响力，请考虑加入该计划。

如有任何疑问和问题，请联系
[openGemini 社区维护者](https://github.com/openGemini-sh/openGemini/blob/master/MAINTAINERS.md)。
"""

BENEFITS_ZH = """\
### 社区免费培训机会
- 开源社区基础知识培训，包括社区治理架构介绍、社区发展模式介绍、开源贡献指导等。
- openGemini 高级知识培训，包括架构和功能介绍、最新版本分析等。

### 线下交流机会
- 针对用户特殊场景进行沟通分析，直击问题，保护项目隐私。
- 落地过程中的疑难问题分析，提高解决效率。
- 对技术迭代需求的直接反馈，以实现更快的响应。

### 在官方媒体宣传的机会
- 入选项目将在官方平台展示。
- 落地过程中，社区将协助进行里程碑节点的媒体宣传。

### 增加技术影响的机会
- 项目完成并实施后，主要贡献者将收到一封社区感谢信。
- 有机会在官方网站上展示公司（或组织）标志。
- 线上/线下技术分享机会。
- 有机会在 KubeCon 的 openGemini 会议上发言。
- 有机会共同举办技术峰会、沙龙、聚会等社区活动。
"""

REQUIREMENTS_ZH = """\
- 愿意遵守 openGemini 社区行为准则。
- 认同开源文化，愿意在社区中沟通、分享和协作，尊重他人的贡献。
- **两名或两名以上** openGemini 社区成员。
- 认可 openGemini 技术路线，计划深度参与社区贡献。如果有以下一项或多项实践，就更好了：
    - 在生产环境中使用 openGemini；
    - 发布基于 openGemini 的商业产品，可以交付给客户；
    - 为客户提供 openGemini 技术咨询服务；
    - 使用 openGemini 作为研究对象。
"""

PROGRAM = {
    "title": {"zh-hans": "openGemini 社区共建计划"},
    "summary": {"zh-hans": "为在生产中使用 openGemini 的组织提供技术指导、宣传推广和展示机会。"},
    "description": {"zh-hans": DESCRIPTION_ZH},
    "benefits": {"zh-hans": BENEFITS_ZH},
    "requirements": {"zh-hans": REQUIREMENTS_ZH},
}

# By the milestone's English title.
MILESTONES = {
    "Wind-farm monitoring in production": {"title": {"zh-hans": "风电场监控系统投入生产"}},
    "Talk at the spring meetup": {"title": {"zh-hans": "在春季聚会上的分享"}},
    "Harbor Metering 2.0 released": {"title": {"zh-hans": "Harbor Metering 2.0 发布"}},
    "Compaction fix merged upstream": {"title": {"zh-hans": "压缩（compaction）修复已合入上游"}},
}
