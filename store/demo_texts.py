"""The demo rewards' texts in Chinese, by English name."""

REWARDS = {
    "Community T-shirt": {
        "name": {"zh-hans": "社区文化衫"},
        "description": {"zh-hans": "有机棉，正面印有社区标志。"},
    },
    "Advanced DBA tutorial, signed": {
        "name": {"zh-hans": "进阶 DBA 教程签名版"},
        "description": {"zh-hans": "印刷版教程，由共同作者签名。"},
    },
    "Annual conference ticket": {
        "name": {"zh-hans": "年度大会门票"},
        "description": {"zh-hans": "门票码将通过电子邮件发送给你。"},
    },
}

ADDRESS = "林晓\n上海市浦东新区科苑路 88 号 201203"
