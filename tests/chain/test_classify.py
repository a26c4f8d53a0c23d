"""The classifier: realistic examples, hard negatives, empty text, labels, top-k."""

from __future__ import annotations

import pytest

from industry_brain.chain.classify import ChainClassifier, Enterprise, build_classifier
from industry_brain.chain.template import get_template


@pytest.fixture(scope="module")
def classifier() -> ChainClassifier:
    return build_classifier("new_energy_vehicle")


def _top(classifier: ChainClassifier, enterprise: Enterprise) -> str | None:
    result = classifier.classify(enterprise, top_k=1)
    return result[0].node_id if result else None


@pytest.mark.parametrize(
    ("products", "node_id"),
    [
        ("磷酸锰铁锂正极材料、钠离子电池正极材料", "cathode"),
        ("人造石墨负极、负极材料石墨化加工", "anode"),
        ("六氟磷酸锂、锂电池电解液", "electrolyte"),
        ("湿法隔膜、陶瓷涂覆隔膜", "separator"),
        ("6微米锂电铜箔、复合集流体", "copper_aluminum_foil"),
        ("烧结钕铁硼永磁材料", "rare_earth_magnets"),
        ("车规级IGBT模块、SiC MOSFET", "power_semiconductors"),
        ("车规级MCU、车规级SoC", "auto_chips"),
        ("方形动力电池、储能电池", "battery_cells"),
        ("动力电池管理系统、储能BMS", "bms"),
        ("扁线电机、三合一电驱总成", "drive_motors"),
        ("新能源汽车电机控制器、车载充电机", "motor_controllers"),
        ("热泵空调、电子膨胀阀、电子水泵", "thermal_management"),
        ("一体化压铸车身件、副车架、控制臂", "body_chassis"),
        ("仪表板总成、门板、保险杠", "interior_exterior"),
        ("座舱域控制器、全液晶仪表、HUD", "smart_cockpit"),
        ("4D毫米波雷达、激光雷达", "autonomous_driving"),
        ("高压连接器、新能源汽车高压线束", "connectors_wiring"),
        ("半钢子午线轮胎、铝合金轮毂", "tires_wheels"),
        ("纯电动乘用车、插电式混合动力汽车", "vehicle_manufacturing"),
        ("直流充电桩、换电站", "charging_swapping"),
        ("汽车维修保养、二手车经销", "aftermarket"),
        ("退役动力电池梯次利用、湿法冶金回收", "battery_recycling"),
    ],
)
def test_realistic_product_lists_land_on_their_node(
    classifier: ChainClassifier, products: str, node_id: str
) -> None:
    assert _top(classifier, Enterprise(name="某某股份有限公司", products=products)) == node_id


@pytest.mark.parametrize(
    "enterprise",
    [
        Enterprise("某汽车配件有限公司", "汽车零部件及配件制造；五金件加工", "五金冲压件、紧固件"),
        Enterprise("某化工有限公司", "化工产品销售", "化工材料、电子材料、精细化学品"),
        Enterprise("某电子科技有限公司", "", "电子元器件、电子材料、电子产品"),
        Enterprise("某锂电装备股份有限公司", "", "锂电池生产设备、锂电池检测设备"),
        Enterprise("某泵业有限公司", "", "隔膜泵、离心泵"),
        Enterprise("某银行股份有限公司", "吸收公众存款；发放贷款", "公司金融、零售金融"),
        Enterprise("某食品有限公司", "食品生产", "速冻食品、调味品"),
        Enterprise("某家具有限公司", "", "办公椅、沙发"),
        Enterprise("某贸易有限公司", "充电桩销售；电池销售；汽车零配件零售", ""),
        Enterprise("某物流有限公司", "", "整车物流、仓储"),
    ],
)
def test_enterprises_off_the_chain_get_no_node(
    classifier: ChainClassifier, enterprise: Enterprise
) -> None:
    assert classifier.classify(enterprise) == []


def test_the_longer_term_decides_between_nodes(classifier: ChainClassifier) -> None:
    separator = Enterprise("某公司", products="锂电池隔膜")
    assert _top(classifier, separator) == "separator"
    chemicals = Enterprise("某公司", products="锂离子电池化学品")
    assert _top(classifier, chemicals) != "battery_cells"


def test_candidates_carry_confidence_and_evidence(classifier: ChainClassifier) -> None:
    result = classifier.classify(Enterprise("某公司", products="锂电池隔膜"))
    best = result[0]
    assert (best.node_name, best.stage) == ("隔膜", "上游")
    assert 0.5 < best.confidence < 1
    assert "产品“锂电池隔膜”" in best.evidence


def test_empty_scope_and_products_answer_with_low_confidence(classifier: ChainClassifier) -> None:
    by_name = classifier.classify(Enterprise("某某动力电池有限公司"))
    assert by_name[0].node_id == "battery_cells"
    assert by_name[0].confidence <= 0.5
    assert "经营范围与产品为空，仅依据名称与行业代码" in by_name[0].evidence
    by_code = classifier.classify(Enterprise("某某有限公司", industry_code="C3612"))
    assert by_code[0].node_id == "vehicle_manufacturing"
    assert by_code[0].confidence < 0.3
    assert classifier.classify(Enterprise("某某有限公司")) == []


def test_top_k_ranks_several_nodes(classifier: ChainClassifier) -> None:
    enterprise = Enterprise("某公司", products="减震器、底盘系统、热管理系统、内饰功能件")
    result = classifier.classify(enterprise, top_k=3)
    assert [c.node_id for c in result] == [
        "body_chassis",
        "thermal_management",
        "interior_exterior",
    ]
    assert result[0].confidence > result[1].confidence >= result[2].confidence
    assert len(classifier.classify(enterprise, top_k=1)) == 1


def test_labels_teach_similar_enterprises() -> None:
    template = get_template("new_energy_vehicle")
    query = Enterprise("某流体科技有限公司", products="冷却液管路总成、空调管路总成")
    assert ChainClassifier(template).classify(query) == []
    example = Enterprise("某管路有限公司", products="冷却液管路总成、尼龙管路总成")
    taught = ChainClassifier(template, labels=[(example, "thermal_management")])
    result = taught.classify(query)
    assert result[0].node_id == "thermal_management"
    assert any("某管路有限公司" in note for note in result[0].evidence)


def test_confirmed_labels_override_the_rules() -> None:
    template = get_template("new_energy_vehicle")
    battery = Enterprise("某能源科技有限公司", products="动力电池")
    wrongly = Enterprise("某材料有限公司", products="锂电池材料")
    classifier = ChainClassifier(template, labels=[(battery, None), (wrongly, "cathode")])
    assert classifier.classify(battery) == []
    assert classifier.classify(wrongly)[0].node_id == "cathode"
    assert classifier.classify(wrongly)[0].evidence == ("人工确认",)


def test_a_label_for_an_unknown_node_is_refused() -> None:
    with pytest.raises(KeyError, match="no_such_node"):
        ChainClassifier(
            get_template("new_energy_vehicle"), labels=[(Enterprise("x"), "no_such_node")]
        )


def test_photovoltaic_classifies_its_own_nodes() -> None:
    classifier = build_classifier("photovoltaic")
    assert _top(classifier, Enterprise("某公司", products="N型TOPCon电池片")) == "cells"
    assert _top(classifier, Enterprise("某公司", products="半导体硅片")) is None
