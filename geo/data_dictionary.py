"""What the catalogue holds: a data dictionary, the sources cited, and the files to download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.catalogue import COLUMNS, ENUMS, HISTORY_COLUMNS, HISTORY_FILE, OPTIONAL_DEFAULTS, SITES_FILE, Catalogue
from geo.citations import SOURCES_FILE, format_citation, split_source_ids

# One line per column: what it means, (Korean, English). Columns beyond COLUMNS that the
# catalogue reads (programs.funding) and the sites' geometry are described too.
MEANINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("sectors.csv", "id"): ("분야 식별자 (다른 파일에서 참조)", "Sector id, referenced by the other files"),
    ("sectors.csv", "name_ko"): ("분야 이름 (한국어)", "Sector name in Korean"),
    ("sectors.csv", "name_en"): ("분야 이름 (영어)", "Sector name in English"),
    ("sectors.csv", "colour"): (
        "지도·차트 색 (#RRGGBB, 색각이상 고려)",
        "Map and chart colour (#RRGGBB, colour-blind-safe)",
    ),
    ("sectors.csv", "order"): ("표시 순서", "Display order"),
    ("stages.csv", "id"): ("밸류체인 단계 식별자", "Value-chain stage id"),
    ("stages.csv", "name_ko"): ("단계 이름 (한국어)", "Stage name in Korean"),
    ("stages.csv", "name_en"): ("단계 이름 (영어)", "Stage name in English"),
    ("stages.csv", "order"): ("밸류체인 안의 순서", "Position in the value chain"),
    ("stages.csv", "in_chain"): (
        "밸류체인 흐름에 포함되는지 (true/false)",
        "Whether the stage is part of the chain's flow",
    ),
    ("regions.csv", "id"): ("권역 식별자", "Region id"),
    ("regions.csv", "sido_code"): ("시도 행정표준코드 2자리", "Two-digit 시도 code"),
    ("regions.csv", "name_ko"): ("시도 이름 (한국어)", "Province name in Korean"),
    ("regions.csv", "name_en"): ("시도 이름 (영어)", "Province name in English"),
    ("regions.csv", "role_ko"): ("벨트에서 권역의 역할 (한국어)", "The region's role in the belt, in Korean"),
    ("regions.csv", "role_en"): ("벨트에서 권역의 역할 (영어)", "The region's role in the belt, in English"),
    (SITES_FILE, "id"): ("거점 식별자 (바뀌지 않는 slug)", "Site id (a stable slug)"),
    (SITES_FILE, "name_ko"): ("거점 이름 (한국어)", "Site name in Korean"),
    (SITES_FILE, "name_en"): ("거점 이름 (영어)", "Site name in English"),
    (SITES_FILE, "region"): ("권역 (regions.csv의 id)", "Region (an id of regions.csv)"),
    (SITES_FILE, "sigungu_code"): ("현재 시군구 행정표준코드 5자리", "Current five-digit 시군구 code"),
    (SITES_FILE, "sectors"): ("분야 목록, 첫 번째가 주 분야 (sectors.csv의 id)", "Sectors, the first is the main one"),
    (SITES_FILE, "stage"): ("밸류체인 단계 (stages.csv의 id)", "Value-chain stage (an id of stages.csv)"),
    (SITES_FILE, "kind"): ("시설 종류", "Kind of facility"),
    (SITES_FILE, "status"): ("운영·조성 상태", "Operating or building status"),
    (SITES_FILE, "coord_precision"): ("좌표 정확도 (측량·주소·추정)", "How precise the point is"),
    (SITES_FILE, "offshore"): (
        "해상 거점 여부 (시군구 밖 30km 이내 허용)",
        "Offshore site (may lie up to 30 km off its 시군구)",
    ),
    (SITES_FILE, "geometry"): ("점 좌표 [경도, 위도], EPSG:4326", "Point [longitude, latitude], EPSG:4326"),
    ("programs.csv", "id"): ("사업 식별자", "Programme id"),
    ("programs.csv", "name_ko"): ("사업 이름 (한국어)", "Programme name in Korean"),
    ("programs.csv", "name_en"): ("사업 이름 (영어)", "Programme name in English"),
    ("programs.csv", "sector"): ("분야 (sectors.csv의 id)", "Sector (an id of sectors.csv)"),
    ("programs.csv", "stage"): ("밸류체인 단계 (stages.csv의 id)", "Value-chain stage (an id of stages.csv)"),
    ("programs.csv", "region"): ("권역 id 또는 belt (초광역)", "Region id, or belt for the whole belt"),
    ("programs.csv", "budget_krw_100m"): ("예산 (억원), 모르면 빈칸", "Budget in 억원 (KRW 100m); empty when unknown"),
    ("programs.csv", "start_year"): ("시작 연도", "First year"),
    ("programs.csv", "end_year"): ("종료 연도", "Last year"),
    ("programs.csv", "status"): (
        "확정·추진 중·제안·미확인 (제안은 확정 예산이 아님)",
        "Confirmed, in progress, proposed, unverified (a proposal is no budget)",
    ),
    ("programs.csv", "funding"): ("재원 (공공·민간·혼합)", "Funding (public, private, mixed)"),
    ("programs.csv", "site_ids"): ("관련 거점 id, ';'로 구분", "Sites involved, ';'-separated ids"),
    ("programs.csv", "lead_org"): ("주관 기관", "Lead organisation"),
    ("links.csv", "id"): ("연계 식별자", "Link id"),
    ("links.csv", "from_id"): ("출발 거점 id", "Site the link starts from"),
    ("links.csv", "to_id"): ("도착 거점 id", "Site the link goes to"),
    ("links.csv", "kind"): (
        "연계 종류 (에너지·컴퓨팅·데이터·인재 …)",
        "Kind of link (energy, compute, data, talent …)",
    ),
    ("links.csv", "strength"): ("연계 강도 1~3", "Strength of the link, 1 to 3"),
    ("links.csv", "evidence"): (
        "근거: sourced = 인용 문서가 밝힌 연계, derived = 카탈로그의 추론 (reasoning 필수, 지도에 점선)",
        "sourced = a cited document states the link; derived = the catalogue's inference (reasoning required, "
        "dashed on the map)",
    ),
    ("programs.csv", "lead_site_id"): (
        "주관 거점 id (site_ids 중 하나). 예산 전액이 이 거점의 시군구에 배정되며 다른 거점에 나누지 않음. 비어 있으면 "
        "시군구 미배정(권역 단위로만 집계)",
        "Lead site id (one of site_ids). The whole budget is attributed to this site's 시군구, never split over the "
        "other sites; empty = not allocated to a district (counted at region level only)",
    ),
    ("programs.csv", "overlaps"): (
        "이 사업의 금액이 포함된 다른 사업 id. 값이 있으면 금액을 표에 보이되 어떤 합계에도 더하지 않음",
        "Id of another programme whose amount includes this one's; the amount is shown but never added to a total",
    ),
    ("programs.csv", "scope"): (
        "regional = 권역·거점에 귀속, national = 그룹 전체·전국 금액 (권역·시군구 합계에 넣지 않음)",
        "regional = belongs to the region and its sites; national = a group-wide or nationwide amount, credited "
        "to no region or district",
    ),
    ("programs.csv", "budget_basis"): ("예산 금액의 근거 설명", "What the budget figure is based on"),
    (SITES_FILE, "street_address"): (
        "인용 출처에 나온 도로명 주소 (coord_precision = address의 전제)",
        "Street address stated by a cited source (required for coord_precision = address)",
    ),
    (SITES_FILE, "coord_error_m"): (
        "좌표 오차 (m). estimated이면 필수. 1 km를 넘으면 지도에 오차 원을 그림",
        "Location error in metres; required when estimated; over 1 km the map draws the error circle",
    ),
    (SITES_FILE, "reclaimed"): (
        "2023년 경계 자료 이후 매립된 땅 (새만금): 시군구 경계 밖 30 km 이내 허용",
        "On land reclaimed after the 2023 boundary data (Saemangeum): may lie up to 30 km outside its 시군구",
    ),
    (SITES_FILE, "location_note_internal"): (
        "좌표를 정한 방법에 대한 작업 메모 (화면에 보이지 않음)",
        "Working note on how the point was chosen (never shown on screen)",
    ),
    (SITES_FILE, "figures_ko"): ("주요 수치 (출처는 source 열)", "Key figures (their sources are in source)"),
    ("regions.csv", "key_figures_ko"): ("권역 카드의 주요 수치 (한국어)", "Key figures on the region card, Korean"),
    ("regions.csv", "key_figures_en"): ("권역 카드의 주요 수치 (영어)", "Key figures on the region card, English"),
    ("regions.csv", "key_figures_source"): ("주요 수치의 출처 id", "Source ids of the key figures"),
    (SOURCES_FILE, "id"): (
        "출처 id: 다른 파일의 source 열이 ';'로 구분해 인용",
        "Source id, cited by the other files' source columns (';'-separated)",
    ),
    (SOURCES_FILE, "publisher"): ("발행 기관·언론사", "Publisher"),
    (SOURCES_FILE, "title"): ("기사·문서 제목 (확인된 경우만)", "Headline or document title (only when checked)"),
    (SOURCES_FILE, "date"): ("발행일 YYYY-MM-DD (확인된 경우만)", "Publication date YYYY-MM-DD (only when known)"),
    (SOURCES_FILE, "url"): ("주소 (확인된 경우만)", "Address (only when known)"),
    (SOURCES_FILE, "accessed"): ("열람일 (기록된 경우만)", "Date accessed (only when recorded)"),
    (SOURCES_FILE, "kind"): ("출처 종류", "Kind of source"),
    (HISTORY_FILE, "program_id"): ("사업 id (programs.csv)", "Programme id (programs.csv)"),
    (HISTORY_FILE, "date"): (
        "단계의 날짜 (YYYY, YYYY-MM 또는 YYYY-MM-DD)",
        "Date of the step (YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    (HISTORY_FILE, "step_ko"): (
        "경과 단계 (한국어): 제안 → 계획 → 승인 금액",
        "The step, Korean: proposal → plan → approved amount",
    ),
    (HISTORY_FILE, "step_en"): ("경과 단계 (영어)", "The step, English"),
    (HISTORY_FILE, "budget_krw_100m"): (
        "그 단계의 금액 (억원, 합계에 더하지 않음)",
        "Amount at that step (억원; never added to totals)",
    ),
    (HISTORY_FILE, "status"): ("그 단계의 상태", "Status at that step"),
    ("links.csv", "reasoning"): (
        "연계의 근거 (source가 derived이면 필수)",
        "Why the link exists (required when derived)",
    ),
}
# Columns every table shares: where a row comes from and when it was true.
SHARED_MEANINGS: dict[str, tuple[str, str]] = {
    "source": ("출처 id (sources.csv), ';'로 구분", "Source ids of sources.csv, ';'-separated"),
    "as_of": ("기준일 YYYY-MM-DD", "Date the row was true, YYYY-MM-DD"),
}
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "programs.csv": ("funding", "budget_basis", *OPTIONAL_DEFAULTS["programs.csv"]),
    SITES_FILE: ("figures_ko", *OPTIONAL_DEFAULTS[SITES_FILE], "geometry"),
    "regions.csv": tuple(OPTIONAL_DEFAULTS["regions.csv"]),
}
MIME_TYPES = {
    ".csv": "text/csv",
    ".geojson": "application/geo+json",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".md": "text/markdown",
}
DICTIONARY_HEADERS = {"ko": ("파일", "열", "뜻", "허용 값"), "en": ("File", "Column", "Meaning", "Allowed values")}
SOURCE_HEADERS = {
    "ko": ("출처", "종류", "주소", "인용 파일", "인용 행 수"),
    "en": ("Source", "Kind", "Address", "Cited in", "Rows citing it"),
}
KIND_LABELS = {
    "government": ("정부·공공기관", "Government"),
    "press": ("언론", "Press"),
    "institution": ("연구·교육기관·백과", "Institution"),
    "company": ("기업", "Company"),
}


def dictionary_table(lang: str = "ko") -> pd.DataFrame:
    """Every catalogue column with a one-line meaning and, for enumerated fields, the allowed values.

    Parameters
    ----------
    lang : str
        ``"ko"`` or ``"en"``: the language of the meanings and headers.
    """
    pick = 1 if lang == "en" else 0
    rows = []
    for file, columns in (*COLUMNS.items(), (HISTORY_FILE, HISTORY_COLUMNS)):
        for column in dict.fromkeys((*columns, *EXTRA_COLUMNS.get(file, ()))):
            meaning = MEANINGS.get((file, column)) or SHARED_MEANINGS.get(column) or ("", "")
            rows.append((file, column, meaning[pick], ", ".join(ENUMS.get((file, column), ()))))
    return pd.DataFrame(rows, columns=DICTIONARY_HEADERS["en" if lang == "en" else "ko"])


def sources_table(cat: Catalogue, lang: str = "ko") -> pd.DataFrame:
    """The bibliography as a reader sees it: each source's citation, kind, address and how often it is cited.

    Citations are "publisher, date, 「title」" (``geo.citations.format_citation``); source ids
    never appear. Most cited first.
    """
    pick = 1 if lang == "en" else 0
    cited = pd.concat(
        [
            frame[["source"]].assign(file=name)
            for name, frame in (
                ("sectors.csv", cat.sectors),
                ("stages.csv", cat.stages),
                ("regions.csv", cat.regions),
                (SITES_FILE, cat.sites),
                ("programs.csv", cat.programs),
                ("links.csv", cat.links),
                (HISTORY_FILE, cat.history),
            )
            if "source" in frame
        ],
        ignore_index=True,
    )
    cited["source"] = cited["source"].map(split_source_ids)
    cited = cited.explode("source").dropna(subset=["source"])
    files = cited.groupby("source")["file"].agg(lambda f: ", ".join(_file_label(x, lang) for x in dict.fromkeys(f)))
    rows = cited.groupby("source").size()
    table = pd.DataFrame(
        {
            "citation": [format_citation(r) for r in cat.sources.to_dict("records")],
            "kind": [KIND_LABELS.get(k, (k, k))[pick] for k in cat.sources["kind"]],
            "url": cat.sources["url"],
            "files": cat.sources["id"].map(files).fillna(""),
            "rows": cat.sources["id"].map(rows).fillna(0).astype(int),
        }
    )
    table = table.sort_values(["rows", "citation"], ascending=[False, True], kind="stable")
    table.columns = SOURCE_HEADERS["en" if lang == "en" else "ko"]
    return table.reset_index(drop=True)


FILE_LABELS = {
    "sectors.csv": ("분야", "sectors"),
    "stages.csv": ("단계", "stages"),
    "regions.csv": ("권역", "regions"),
    SITES_FILE: ("거점", "sites"),
    "programs.csv": ("사업", "programmes"),
    "links.csv": ("연계", "links"),
    HISTORY_FILE: ("사업 경과", "programme history"),
}


def _file_label(name: str, lang: str) -> str:
    """What a catalogue file holds, in words (a reader need not know the file names)."""
    return FILE_LABELS.get(name, (name, name))[1 if lang == "en" else 0]


def _date_range(dates: pd.Series) -> str:
    """One as-of date, or the earliest and latest of several (ISO dates sort as text)."""
    known = sorted({d for d in dates if d})
    if not known:
        return ""
    return known[0] if len(known) == 1 else f"{known[0]} – {known[-1]}"


def catalogue_files(folder: Path) -> list[tuple[str, Path | None]]:
    """The catalogue's files by name, with their path, or None for a required file that is missing.

    The required files (``COLUMNS``) come first in their order, then any other file in the
    folder (``admin_changes.csv``, the story …); hidden files are left out.
    """
    present = {p.name: p for p in sorted(folder.glob("*")) if p.is_file() and not p.name.startswith(".")}
    required = [(name, present.get(name)) for name in COLUMNS]
    return required + [(name, path) for name, path in present.items() if name not in COLUMNS]


def mime_type(name: str) -> str:
    """The MIME type a download of a catalogue file is sent with."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")
