"""What the catalogue holds: a data dictionary, the sources cited, and the files to download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.catalogue import COLUMNS, ENUMS, SITES_FILE, Catalogue

# One line per column: what it means, (Korean, English). Columns beyond COLUMNS that the
# catalogue reads (programs.funding) and the sites' geometry are described too.
MEANINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("sectors.csv", "id"): ("분야 식별자 (다른 파일에서 참조)", "Sector id, referenced by the other files"),
    ("sectors.csv", "name_ko"): ("분야 이름 (한국어)", "Sector name in Korean"),
    ("sectors.csv", "name_en"): ("분야 이름 (영어)", "Sector name in English"),
        ("sectors.csv", "colour"): (
        "지도·차트 색 (#RRGGBB, 색각이상 고려)", "Map and chart colour (#RRGGBB, colour-blind-safe)",
    ),
    ("sectors.csv", "order"): ("표시 순서", "Display order"),
    ("stages.csv", "id"): ("밸류체인 단계 식별자", "Value-chain stage id"),
    ("stages.csv", "name_ko"): ("단계 이름 (한국어)", "Stage name in Korean"),
    ("stages.csv", "name_en"): ("단계 이름 (영어)", "Stage name in English"),
    ("stages.csv", "order"): ("밸류체인 안의 순서", "Position in the value chain"),
        ("stages.csv", "in_chain"): (
        "밸류체인 흐름에 포함되는지 (true/false)", "Whether the stage is part of the chain's flow",
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
        "해상 거점 여부 (시군구 밖 30km 이내 허용)", "Offshore site (may lie up to 30 km off its 시군구)",
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
    ("programs.csv", "status"): ("확정·추진 중·제안·미확인 (제안은 확정 예산이 아님)",
                                 "Confirmed, in progress, proposed, unverified (a proposal is no budget)"),
    ("programs.csv", "funding"): ("재원 (공공·민간·혼합)", "Funding (public, private, mixed)"),
    ("programs.csv", "site_ids"): ("관련 거점 id, ';'로 구분", "Sites involved, ';'-separated ids"),
    ("programs.csv", "lead_org"): ("주관 기관", "Lead organisation"),
    ("links.csv", "id"): ("연계 식별자", "Link id"),
    ("links.csv", "from_id"): ("출발 거점 id", "Site the link starts from"),
    ("links.csv", "to_id"): ("도착 거점 id", "Site the link goes to"),
        ("links.csv", "kind"): (
        "연계 종류 (에너지·컴퓨팅·데이터·인재 …)", "Kind of link (energy, compute, data, talent …)",
    ),
    ("links.csv", "strength"): ("연계 강도 1~3", "Strength of the link, 1 to 3"),
        ("links.csv", "reasoning"): (
        "연계의 근거 (source가 derived이면 필수)", "Why the link exists (required when derived)",
    ),
}
# Columns every table shares: where a row comes from and when it was true.
SHARED_MEANINGS: dict[str, tuple[str, str]] = {
    "source": ("출처 (문서·기사·기관; 추론이면 derived)", "Source (document, article, agency; derived if inferred)"),
    "as_of": ("기준일 YYYY-MM-DD", "Date the row was true, YYYY-MM-DD"),
}
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {"programs.csv": ("funding",), SITES_FILE: ("geometry",)}
MIME_TYPES = {".csv": "text/csv", ".geojson": "application/geo+json", ".json": "application/json",
              ".yaml": "application/yaml", ".yml": "application/yaml", ".md": "text/markdown"}
DICTIONARY_HEADERS = {"ko": ("파일", "열", "뜻", "허용 값"), "en": ("File", "Column", "Meaning", "Allowed values")}
SOURCE_HEADERS = {"ko": ("출처", "기준일", "파일", "행 수"), "en": ("Source", "As of", "Files", "Rows")}


def dictionary_table(lang: str = "ko") -> pd.DataFrame:
    """Every catalogue column with a one-line meaning and, for enumerated fields, the allowed values.

    Parameters
    ----------
    lang : str
        ``"ko"`` or ``"en"``: the language of the meanings and headers.
    """
    pick = 1 if lang == "en" else 0
    rows = []
    for file, columns in COLUMNS.items():
        for column in (*columns, *EXTRA_COLUMNS.get(file, ())):
            meaning = MEANINGS.get((file, column)) or SHARED_MEANINGS.get(column) or ("", "")
            rows.append((file, column, meaning[pick], ", ".join(ENUMS.get((file, column), ()))))
    return pd.DataFrame(rows, columns=DICTIONARY_HEADERS["en" if lang == "en" else "ko"])


def sources_table(cat: Catalogue, lang: str = "ko") -> pd.DataFrame:
    """Every source cited by sites, programmes and links, with its as-of dates and how often it is cited.

    A ``source`` cell may cite several sources separated by ``;``; each is listed on its own.

    Returns
    -------
    DataFrame
        Source, as-of date (or the range of them), the files citing it and the number of rows
        citing it, most cited first.
    """
    cited = pd.concat(
        [frame[["source", "as_of"]].assign(file=name)
         for name, frame in ((SITES_FILE, cat.sites), ("programs.csv", cat.programs), ("links.csv", cat.links))],
        ignore_index=True,
    )
    cited["source"] = cited["source"].map(split_sources)
    cited = cited.explode("source").dropna(subset=["source"])
    grouped = cited.groupby("source", sort=False)
    table = pd.DataFrame({
        "as_of": grouped["as_of"].agg(_date_range),
        "files": grouped["file"].agg(lambda files: ", ".join(dict.fromkeys(files))),
        "rows": grouped.size(),
    }).reset_index()
    table = table.sort_values(["rows", "source"], ascending=[False, True], kind="stable")
    table.columns = SOURCE_HEADERS["en" if lang == "en" else "ko"]
    return table.reset_index(drop=True)


def split_sources(cell: object) -> list[str]:
    """The sources of one ``source`` cell, split at ``;``; empty parts dropped."""
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


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
