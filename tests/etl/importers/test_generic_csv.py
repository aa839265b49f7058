import pytest

from etl.importers.generic_csv import MappingError, import_generic_csv, parse_mapping


def test_mapping_needs_columns_and_known_fields():
    with pytest.raises(MappingError, match="columns"):
        parse_mapping({"cols": {}})
    with pytest.raises(MappingError, match="unknown fields"):
        parse_mapping({"columns": {"full_name": "名称", "colour": "颜色"}})
    with pytest.raises(MappingError, match="full_name"):
        parse_mapping({"columns": {"address": "地址"}})


def test_mapped_csv_with_defaults(tmp_path, ref):
    data = tmp_path / "list.csv"
    data.write_text("序号,单位全称,注册地,主营\n1,示例轨道装备有限公司,温江区示例路,转向架\n"
                    "2,示例数控有限公司,郫县示例路,加工中心\n", "utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  full_name: 单位全称\n  address: 注册地\n  products: 主营\n"
                       "defaults:\n  province: 四川省\n  city: 成都市\n", "utf-8")
    staged = import_generic_csv(data, mapping, ref)
    firms = staged.tables["firms"]
    assert firms["adcode"].tolist() == ["510115", "510117"]
    assert firms["products"].tolist() == ["转向架", "加工中心"] and staged.kind == "csv"


def test_a_mapped_column_missing_from_the_file_is_an_error(tmp_path, ref):
    data = tmp_path / "list.csv"
    data.write_text("单位全称,地址\n示例有限公司,重庆市\n", "utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  full_name: 单位全称\n  scope: 经营范围\n", "utf-8")
    with pytest.raises(ValueError, match="经营范围"):
        import_generic_csv(data, mapping, ref)


def test_a_mapped_former_names_column(tmp_path, ref):
    data = tmp_path / "list.csv"
    data.write_text("单位全称,历次名称\n示例轨道装备有限公司,示例轨道车辆有限公司；示例机车有限公司\n",
                    "utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  full_name: 单位全称\n  former_names: 历次名称\n", "utf-8")
    former = import_generic_csv(data, mapping, ref).tables["firm_former_name"]
    assert sorted(former["name_norm"]) == ["示例机车有限公司", "示例轨道车辆有限公司"]
