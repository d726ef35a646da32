"""The demo's citations in the other languages (the English text is the key)."""

CITATIONS = {
    "Opened the co-written tutorial with the three-zone deployment chapter.": {
        "zh-hans": "以三可用区部署一章为共建教程开了个好头。",
        "fr": "A ouvert le tutoriel co-écrit avec le chapitre sur le déploiement en trois zones.",
    },
    "A migration story from MySQL that half the forum has bookmarked.": {
        "zh-hans": "一篇从 MySQL 迁移的实战经验，论坛里一半的人都收藏了。",
        "fr": "Un récit de migration depuis MySQL que la moitié du forum a mis en favori.",
    },
    "Backup and restore to NFS, step by step: the chapter everyone asked for.": {
        "zh-hans": "一步步讲清楚备份恢复到 NFS：大家都在等的那一章。",
        "fr": "Sauvegarde et restauration vers NFS, pas à pas\u00a0: le chapitre que tout le monde "
        "attendait.",
    },
    "Two chapters and a steady hand in the forum: the year's most generous author.": {
        "zh-hans": "两章教程，外加在论坛里耐心答疑：本年度最乐于分享的作者。",
        "fr": "Deux chapitres et une aide constante sur le forum\u00a0: l’auteur le plus généreux "
        "de l’année.",
    },
}

ESSAY_NOTE = "Clear enough to stand on its own as an essay."
