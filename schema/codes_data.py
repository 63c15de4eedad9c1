"""Reference lists: ISO 3166-1 alpha-2 country codes and SPDX licence ids."""

COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()
)

# SPDX ids that fit written and drawn content, plus common software licences
# (a handout may be a script). Any `LicenseRef-...` is accepted too.
SPDX_IDS = frozenset(
    """
    CC-BY-4.0 CC-BY-SA-4.0 CC0-1.0 CC-BY-NC-4.0 CC-BY-NC-SA-4.0 CC-BY-ND-4.0 CC-BY-NC-ND-4.0
    CC-BY-3.0 CC-BY-SA-3.0 CC-BY-NC-SA-3.0 CC-BY-2.5 CC-BY-SA-2.5 CC-BY-2.0 CC-BY-SA-2.0
    CC-PDDC GFDL-1.3-or-later GFDL-1.3-only GFDL-1.2-or-later FAL-1.3 ODbL-1.0 PDDL-1.0
    ODC-By-1.0 CERN-OHL-S-2.0 CERN-OHL-W-2.0 CERN-OHL-P-2.0 TAPR-OHL-1.0 MIT Apache-2.0
    BSD-2-Clause BSD-3-Clause GPL-2.0-or-later GPL-3.0-only GPL-3.0-or-later LGPL-3.0-or-later
    AGPL-3.0-or-later MPL-2.0 Unlicense
    """.split()
)
