"""The one label table: every fixed text of the interface in Korean and English.

Names that are data (sites, sectors, stages, regions) come from the catalogue's ``name_ko``
and ``name_en`` columns; ``name_column`` picks the right one.
"""

from __future__ import annotations

LANGS = ("ko", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("호남권 초광역 AX혁신벨트", "Honam Supra-regional AX Innovation Belt"),
    "app_subtitle": (
        "광주 AI 집적단지 · 전남 RE100 에너지와 장치산업 · 전북 피지컬 AI 실증을 잇는 AI 밸류체인",
        "One AI value chain: Gwangju's AI cluster, Jeonnam's RE100 energy and process industry, "
        "Jeonbuk's physical-AI demonstration",
    ),
    "page_home": ("벨트 지도", "Belt map"),
    "page_value_chain": ("밸류체인", "Value chain"),
    "page_programs": ("사업·예산", "Programmes"),
    "page_presenter": ("발표 모드", "Presenter"),
    "page_data": ("데이터", "Data"),
    "language": ("언어 / Language", "언어 / Language"),
    "kpi_sites": ("거점", "Sites"),
    "kpi_programs": ("사업", "Programmes"),
    "kpi_confirmed_budget": ("확정 예산", "Confirmed budget"),
    "kpi_links": ("연계", "Links"),
    "kpi_cross_links": ("권역 간 연계", "Cross-region links"),
    "kpi_confirmed_help": (
        "상태가 '확정'인 사업의 예산 합계입니다. 제안·미확인 금액은 포함하지 않습니다.",
        "Sum of programmes whose status is 'confirmed'. Proposed and unverified figures are excluded.",
    ),
    "catalogue_invalid": (
        "데이터 카탈로그에 문제가 있어 지도를 그리지 않았습니다. 아래 목록을 고친 뒤 새로고침하세요.",
        "The data catalogue has problems, so the map is not drawn. Fix the list below and reload.",
    ),
    "catalogue_folder": ("카탈로그 폴더", "Catalogue folder"),
    "col_file": ("파일", "File"),
    "col_row": ("행", "Row"),
    "col_field": ("필드", "Field"),
    "col_value": ("값", "Value"),
    "col_problem": ("문제", "Problem"),
    "unit_100m": ("억원", "KRW 100m"),
    "unit_trillion": ("조원", "KRW trillion"),
    "sources_footer": ("출처", "Sources"),
    "as_of": ("기준일", "As of"),
    "estimated_coord": ("위치 추정", "estimated location"),
    "legend": ("범례", "Legend"),
    "legend_sectors": ("분야 (마커 색 = 주 분야)", "Sector (marker colour = main sector)"),
    "legend_flows": ("연계 흐름 (공급 → 수요)", "Value-chain links (supplier → user)"),
    "legend_stages": ("밸류체인 단계 (마커 모양)", "Value-chain stage (marker shape)"),
    "legend_status": ("속이 빈 마커 = 계획·제안", "Hollow marker = planned or proposed"),
    "choro_title": ("시군구 색칠", "Colour districts by"),
    "choro_none": ("없음", "Nothing"),
    "choro_sites": ("거점 수", "Number of sites"),
    "choro_sectors": ("분야 수", "Number of sectors"),
    "choro_budget_confirmed": ("확정 예산", "Confirmed budget"),
    "choro_budget_all": ("예산 (모든 상태 합계: 확정·추진·제안·미확인)",
                         "Budget (all statuses added: confirmed, in progress, proposed, unverified)"),
    "layer_sigungu": ("시군구 경계", "시군구 boundaries"),
    "layer_sido": ("시도 경계", "Province boundaries"),
    "basemap_none": ("배경지도 없음 (오프라인)", "No basemap (offline)"),
    "status_operating": ("운영", "Operating"),
    "status_under_construction": ("조성 중", "Under construction"),
    "status_planned": ("계획", "Planned"),
    "status_proposed": ("제안", "Proposed"),
    "status_confirmed": ("확정", "Confirmed"),
    "status_in_progress": ("추진 중", "In progress"),
    "status_unverified": ("미확인", "Unverified"),
    "filter_site_status": ("거점 상태", "Site status"),
    "filter_program_status": ("사업 상태", "Programme status"),
    "filter_years": ("사업 기간", "Programme period"),
    "filter_all": ("전체", "All"),
    "col_program": ("사업", "Programme"),
    "col_budget": ("예산", "Budget"),
    "col_period": ("기간", "Period"),
    "col_direction": ("방향", "Direction"),
    "col_other_site": ("연계 거점", "Linked site"),
    "col_kind": ("유형", "Kind"),
    "address_coord": ("출처에 나온 좌표", "coordinates from a cited page"),
    "detail_programs": ("지원 사업", "Programmes funding it"),
    "detail_links": ("연계 (→ 공급, ← 수요)", "Links (→ out, ← in)"),
    "detail_none": ("없음", "None"),
    "detail_hint": ("지도에서 거점을 누르거나 위에서 검색하면 상세 정보가 여기에 나옵니다.",
                    "Click a site on the map, or search above, to see its details here."),
    "search_site": ("거점 검색 (한글·영문 일부)", "Find a site (part of a Korean or English name)"),
    "figures": ("주요 수치", "Key figures"),
    "location": ("위치", "Location"),
    "flow_energy": ("에너지", "Energy"),
    "flow_compute": ("컴퓨팅", "Compute"),
    "flow_data": ("데이터", "Data"),
    "flow_talent": ("인재", "Talent"),
    "flow_technology": ("기술", "Technology"),
    "flow_supply": ("공급망", "Supply"),
    "flow_demonstration": ("실증", "Demonstration"),
    "export_png": ("지도 PNG", "Map as PNG"),
    "export_pdf": ("지도 PDF", "Map as PDF"),
    "export_sectors": ("분야 (마커 색 = 주 분야)", "Sector (marker colour = main sector)"),
    "export_more": ("외 {n}건", "and {n} more"),
    "export_counts": ("거점 {sites}곳 · 연계 {links}건", "{sites} sites · {links} links"),
    # A no-break space (U+00A0) keeps "굵기 = 강도" on one line when the legend wraps.
    "export_links": ("밸류체인 연계 (화살표 = 방향, 굵기\u00a0=\u00a0강도)",
                     "Value-chain link (arrow = direction, width\u00a0=\u00a0strength)"),
    "export_highlight": ("강조 거점 (이름 표시)", "Highlighted site (named)"),
    "export_inset": ("{place} 일대 확대 (지도의 점선 상자)", "{place} area enlarged (dashed box on the map)"),
    "export_estimated": (
        "위치가 추정인 거점 {n}곳 포함. 서로 가까운 거점은 겹치지 않게 조금씩 옮겨 그렸습니다.",
        "Includes {n} sites at estimated locations. Sites close together are moved apart slightly to stay visible.",
    ),
    "step_previous": ("◀ 이전", "◀ Back"),
    "step_next": ("다음 ▶", "Next ▶"),
    "sector": ("분야", "Sector"),
    "stage": ("단계", "Stage"),
    "status": ("상태", "Status"),
    "region": ("권역", "Region"),
    "source": ("출처", "Source"),
    "boundary_source": ("경계", "Boundaries"),
}


def t(key: str, lang: str = "ko") -> str:
    """The label for ``key`` in ``lang`` (Korean when the language is unknown)."""
    ko, en = LABELS[key]
    return en if lang == "en" else ko


def name_column(lang: str) -> str:
    """The catalogue column that holds names in ``lang``."""
    return "name_en" if lang == "en" else "name_ko"


def format_krw_100m(value: float, lang: str = "ko") -> str:
    """An amount in 억원 as officials write it: 조원 from 10,000억 up, else 억원.

    >>> format_krw_100m(25000)
    '2.5조원'
    >>> format_krw_100m(6000)
    '6,000억원'
    """
    if value >= 10_000:
        amount = f"{value / 10_000:,.2f}".rstrip("0").rstrip(".")
        return f"{amount}조원" if lang == "ko" else f"KRW {amount} trillion"
    if lang == "ko":
        return f"{value:,.0f}억원"
    return f"KRW {value / 10:,.1f}".rstrip("0").rstrip(".") + " billion"


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md_escape(text: object) -> str:
    """Text from data made literal for Streamlit's markdown (no links, emphasis, HTML or LaTeX)."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in str(text))
