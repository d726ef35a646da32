"""The four partnership levels of seed 001 (合作框架), with their commitments and
benefits in each language. The data migration creates them, so a real install has
them without the demo data; the demo and the tests restore them after a flush."""

# code, rank, {language: (name, standing, commitments, benefits)}
LEVELS = [
    (
        "strategic",
        1,
        {
            "en": (
                "Strategic partner",
                "highest",
                [
                    "Long-term cooperation",
                    "Deep integration",
                    "Growing together",
                    "Sharing resources",
                ],
                ["Technical priority", "Market support", "Resource support", "Co-branding"],
            ),
            "zh_hans": (
                "战略合作伙伴",
                "最高",
                ["长期合作", "深度集成", "共同发展", "资源共享"],
                ["技术优先", "市场支持", "资源支持", "品牌合作"],
            ),
            "fr": (
                "Partenaire stratégique",
                "le plus élevé",
                [
                    "Coopération à long terme",
                    "Intégration approfondie",
                    "Développement commun",
                    "Partage des ressources",
                ],
                ["Priorité technique", "Soutien marketing", "Soutien en ressources", "Co-marquage"],
            ),
        },
    ),
    (
        "technical",
        2,
        {
            "en": (
                "Technical partner",
                "advanced",
                [
                    "Technical cooperation",
                    "Product integration",
                    "Technical support",
                    "Setting standards",
                ],
                [
                    "Technical exchange",
                    "Product integration",
                    "Technical support",
                    "A part in setting standards",
                ],
            ),
            "zh_hans": (
                "技术合作伙伴",
                "高级",
                ["技术合作", "产品集成", "技术支持", "标准制定"],
                ["技术交流", "产品集成", "技术支持", "标准参与"],
            ),
            "fr": (
                "Partenaire technique",
                "avancé",
                [
                    "Coopération technique",
                    "Intégration des produits",
                    "Support technique",
                    "Élaboration des standards",
                ],
                [
                    "Échanges techniques",
                    "Intégration des produits",
                    "Support technique",
                    "Participation aux standards",
                ],
            ),
        },
    ),
    (
        "business",
        3,
        {
            "en": (
                "Business partner",
                "intermediate",
                [
                    "Business cooperation",
                    "Market promotion",
                    "Customer service",
                    "Building sales channels",
                ],
                ["Business support", "Market promotion", "Customer support", "Channel support"],
            ),
            "zh_hans": (
                "商业合作伙伴",
                "中级",
                ["商业合作", "市场推广", "客户服务", "渠道建设"],
                ["商业支持", "市场推广", "客户支持", "渠道支持"],
            ),
            "fr": (
                "Partenaire commercial",
                "intermédiaire",
                [
                    "Coopération commerciale",
                    "Promotion sur le marché",
                    "Service client",
                    "Développement des canaux de vente",
                ],
                [
                    "Soutien commercial",
                    "Promotion sur le marché",
                    "Support client",
                    "Soutien aux canaux de vente",
                ],
            ),
        },
    ),
    (
        "community",
        4,
        {
            "en": (
                "Community partner",
                "basic",
                [
                    "Community participation",
                    "Supporting events",
                    "Contributing content",
                    "Training talent",
                ],
                ["Community support", "Event support", "Content support", "Talent support"],
            ),
            "zh_hans": (
                "社区合作伙伴",
                "基础",
                ["社区参与", "活动支持", "内容贡献", "人才培养"],
                ["社区支持", "活动支持", "内容支持", "人才支持"],
            ),
            "fr": (
                "Partenaire communautaire",
                "de base",
                [
                    "Participation à la communauté",
                    "Soutien aux événements",
                    "Contribution de contenus",
                    "Formation des talents",
                ],
                [
                    "Soutien de la communauté",
                    "Soutien aux événements",
                    "Soutien aux contenus",
                    "Soutien aux talents",
                ],
            ),
        },
    ),
]


def ensure_levels(PartnershipLevel=None):
    """Create the four levels that are missing (edited texts are kept); return them by code."""
    if PartnershipLevel is None:
        from partners.models import PartnershipLevel
    for code, rank, texts in LEVELS:
        fields = {}
        for language, (name, standing, commitments, benefits) in texts.items():
            fields[f"name_{language}"] = name
            fields[f"standing_{language}"] = standing
            fields[f"commitments_{language}"] = "\n".join(commitments)
            fields[f"benefits_{language}"] = "\n".join(benefits)
        english = texts["en"]
        fields.update(
            name=english[0],
            standing=english[1],
            commitments="\n".join(english[2]),
            benefits="\n".join(english[3]),
        )
        PartnershipLevel.objects.get_or_create(code=code, defaults={"rank": rank, **fields})
    return {level.code: level for level in PartnershipLevel.objects.all()}
