"""The one label table: every fixed text of the interface in Korean and English.

Names that are data (sites, sectors, stages, regions) come from the catalogue's ``name_ko``
and ``name_en`` columns; ``name_column`` picks the right one.
"""

from __future__ import annotations

import re

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
    "kpi_links_split": ("출처 {sourced} · 추정 {derived}", "sourced {sourced} · derived {derived}"),
    "kpi_links_help": (
        "출처: 인용한 문서가 밝힌 연계. 추정: 카탈로그가 근거를 들어 추론한 연계 (점선).",
        "Sourced: a cited document states the link. Derived: the catalogue infers it, with its reasoning (dashed).",
    ),
    "filter_sourced_only": ("출처가 있는 연계만", "Sourced links only"),
    "filter_sourced_help": (
        "자료에 근거한 연계만 보입니다. 점선으로 그린 '추정' 연계는 카탈로그의 추론입니다.",
        "Shows only links a source states. Dashed 'derived' links are the catalogue's own inference.",
    ),
    "legend_derived": (
        "점선 = 추정 연계 (출처 없음, 카탈로그의 추론)",
        "Dashed = derived link (no source states it; the catalogue's inference)",
    ),
    "legend_uncertainty": ("점선 원 = 위치 오차 범위 (1 km 초과)", "Dashed circle = location error (over 1 km)"),
    "evidence_sourced": ("출처", "Sourced"),
    "evidence_derived": ("추정", "Derived"),
    "col_evidence": ("근거", "Evidence"),
    "location_estimated": ("추정 (오차 약 {error})", "estimated (error about {error})"),
    "location_estimated_unknown": ("추정 (오차 미상)", "estimated (error unknown)"),
    "location_address": ("주소 기준 ({address})", "from the street address ({address})"),
    "location_surveyed": ("측량 좌표", "surveyed"),
    "location_reclaimed": (
        "새만금 매립지: 2023년 행정경계 자료 밖",
        "Saemangeum reclaimed land: outside the 2023 boundary data",
    ),
    "budget_rule": (
        "시군구 예산: 각 사업의 예산 전액을 주관 거점(lead site)이 있는 시군구에 배정합니다. 주관 거점이 없는 사업은 "
        "'시군구 미배정'으로 권역 단위에만 집계하고, 다른 참여 거점에 나누지 않습니다. 다른 사업과 겹치는 금액과 "
        "그룹 전체(전국) 투자액은 합계에 넣지 않습니다.",
        "District budgets: each programme's whole budget goes to the district of its lead site. A programme without "
        "a lead site is counted only at region level as 'not allocated to a district', never split over the other "
        "sites it lists. Amounts that overlap another programme, and group-wide (national) investment, are not added.",
    ),
    "budget_rule_short": (
        "사업 예산 전액을 주관 거점의 시군구에 배정 (나누지 않음) · 겹치는 금액·전국 투자 제외",
        "Whole programme budget to its lead site's district (never split) · overlaps and national investment not added",
    ),
    "budget_unallocated": ("시군구 미배정", "Not allocated to a district"),
    "history": ("경과", "History"),
    "not_added": ("합계 제외", "not added"),
    "kpi_confirmed_help": (
        "상태가 '확정'인 사업의 예산 합계입니다. 제안·미확인 금액은 포함하지 않습니다.",
        "Sum of programmes whose status is 'confirmed'. Proposed and unverified figures are excluded.",
    ),
    "catalogue_invalid": (
        "데이터 카탈로그에 문제가 있어 이 화면을 보여 줄 수 없습니다. 아래 목록을 고친 뒤 새로고침하세요.",
        "The data catalogue has problems, so this page cannot be shown. Fix the list below and reload.",
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
    "choro_title": ("시군구 색칠", "Colour by"),
    "choro_none": ("없음", "Nothing"),
    "choro_sites": ("거점 수", "Number of sites"),
    "choro_sectors": ("분야 수", "Number of sectors"),
    "choro_budget_confirmed": ("확정 예산", "Confirmed budget"),
    "choro_budget_all": (
        "예산 (모든 상태 합계: 확정·추진·제안·미확인)",
        "Budget (all statuses added: confirmed, in progress, proposed, unverified)",
    ),
    "choro_uploaded": ("내 레이어: 시군구별 개수", "My layer: count per 시군구"),
    "choro_uploaded_short": ("내 레이어 개수", "My layer count"),
    "choro_none_short": ("없음", "Nothing"),
    "choro_sites_short": ("거점 수", "Sites"),
    "choro_sectors_short": ("분야 수", "Sectors"),
    "choro_budget_confirmed_short": ("확정 예산", "Confirmed budget"),
    "choro_budget_all_short": ("예산 (모든 상태)", "Budget (all statuses)"),
    "flows_belt_note": (
        "권역 간 연계 {n}건을 방향별로 묶어 그렸습니다 (굵을수록 많음). 권역 안 연계: {within}. "
        "지도를 확대(10 이상)하거나 권역을 하나 고르거나 거점을 선택하면 연계 하나하나가 보입니다.",
        "The {n} links between regions are drawn added up per direction (thicker = more). Links within a "
        "region: {within}. Zoom in (level 10+), pick one region or select a site to see each link.",
    ),
    "flows_within": ("{region} {n}건", "{region} {n}"),
    "flows_belt_layer": ("권역 간 흐름 (합계)", "Flows between regions (totals)"),
    "layer_sigungu": ("시군구 경계", "시군구 boundaries"),
    # The planner's layer on the map (geo.overlay) and its options on the data page.
    "layer_unit": ("개", " features"),
    "layer_total": ("{n}개", "{n} features"),
    "layer_other": ("기타", "Other"),
    "layer_count_by": ("색:", "Colour:"),
    "layer_areas_note": (
        "원: 시군구별 개수 (줌 10부터 읍면동별), 줌 11부터 개별 객체",
        "Circles: count per 시군구 (per 읍면동 from zoom 10); each feature from zoom 11",
    ),
    "layer_zoom_note": ("확대하면 개별 객체가 보입니다", "Zoom in to see each feature"),
    "export_layer_note": (
        "원: 시군구별 개수 (색: 항목별 비율)",
        "Circles: count per 시군구 (colours: share by category)",
    ),
    "upload_colour_by": ("색으로 나눌 열", "Colour by column"),
    "upload_one_colour": ("(한 색)", "(one colour)"),
    "upload_large_note": (
        "객체가 {n}개인 큰 레이어입니다. 벨트 전체에서는 시군구·읍면동별 개수로, 줌 11 이상으로 확대하면 개별 객체로 "
        "보입니다. 객체는 벡터 타일로 한 번 만들어 두고, 브라우저는 보이는 부분만 받습니다.",
        "A large layer of {n} features: the whole belt shows counts per 시군구 and 읍면동, zoom 11 and closer "
        "shows each feature. The features are made into vector tiles once; the browser fetches only what it shows.",
    ),
    "upload_emd_counts": ("읍면동(법정동)별 개수", "Count per 읍면동 (legal dong)"),
    "col_emd": ("읍면동", "읍면동"),
    "col_emd_code": ("법정동 코드", "Legal-dong code"),
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
    "detail_hint": (
        "지도에서 거점을 누르거나 위에서 검색하면 상세 정보가 여기에 나옵니다.",
        "Click a site on the map, or search above, to see its details here.",
    ),
    "search_site": ("거점 검색 (한글·영문 일부)", "Find a site (part of a Korean or English name)"),
    "figures": ("주요 수치", "Key figures"),
    "chart_source_more": ("외 {n}건 (전체 목록: 데이터 페이지)", "and {n} more (full list: Data page)"),
    "chart_source_none": ("카탈로그 (출처 없음)", "the catalogue (no source stated)"),
    "in_korean": ("(한국어)", "(in Korean only · 한국어)"),
    "period_unknown": ("기간 미정", "period not stated"),
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
    "export_links": (
        "밸류체인 연계 (화살표 = 방향, 굵기\u00a0=\u00a0강도)",
        "Value-chain link (arrow = direction, width\u00a0=\u00a0strength)",
    ),
    "export_highlight": ("강조 거점 (이름 표시)", "Highlighted site (named)"),
    "export_inset": ("{place} 일대 확대 (지도의 점선 상자)", "{place} area enlarged (dashed box on the map)"),
    "export_estimated": (
        "위치가 추정인 거점 {n}곳 포함. 서로 가까운 거점은 겹치지 않게 조금씩 옮겨 그렸습니다.",
        "Includes {n} sites at estimated locations. Sites close together are moved apart slightly to stay visible.",
    ),
    "copy_link_help": (
        "위 링크를 복사해 보내면 지금 화면(필터·선택 거점·언어)이 그대로 열립니다.",
        "Copy the link above: it opens this view (filters, selected site, language) as it is.",
    ),
    "step_previous": ("◀ 이전", "◀ Back"),
    "presenter_menu_button": ("⋯ 공유", "⋯ Share"),
    "presenter_menu": ("공유·내보내기 (링크, 지도 PNG·PDF)", "Share and export (link, map PNG/PDF)"),
    "step_next": ("다음 ▶", "Next ▶"),
    "sector": ("분야", "Sector"),
    "stage": ("단계", "Stage"),
    "status": ("상태", "Status"),
    "region": ("권역", "Region"),
    "source": ("출처", "Source"),
    "boundary_source": ("경계", "Boundaries"),
    # The data page and the upload reader's messages.
    "data_title": ("데이터: 내 레이어와 카탈로그", "Data: your layers and the catalogue"),
    "data_intro": (
        "가진 GIS 파일을 벨트 지도 위에 겹쳐 보고, 대시보드가 쓰는 카탈로그의 검증 결과·출처·항목 설명을 확인하고 "
        "파일을 내려받습니다.",
        "Overlay a GIS file of your own on the belt, and check, cite, read about and download the catalogue "
        "the dashboard uses.",
    ),
    "tab_upload": ("내 데이터 올리기", "Upload your data"),
    "tab_check": ("카탈로그 검증", "Catalogue check"),
    "tab_sources": ("출처", "Sources"),
    "tab_dictionary": ("데이터 사전", "Data dictionary"),
    "tab_files": ("파일 내려받기", "Download files"),
    "catalogue_valid": ("카탈로그 검증: 문제 없음", "Catalogue check: valid, no problems found"),
    "catalogue_problem_count": (
        "카탈로그 검증: 문제 {n}건. '카탈로그 검증' 탭에서 파일·행·필드를 확인하세요.",
        "Catalogue check: {n} problem(s). See the 'Catalogue check' tab for the file, row and field.",
    ),
    "upload_label": ("GIS 파일 올리기", "Upload a GIS file"),
    "upload_help": (
        "GeoJSON, CSV·XLSX(위도·경도 또는 x·y 열), ZIP으로 묶은 Shapefile, GeoPackage, KML/KMZ. 최대 {mb}MB. "
        "파일은 이 브라우저 세션에만 있고 서버의 카탈로그에는 저장되지 않습니다.",
        "GeoJSON, CSV or XLSX (latitude/longitude or x/y columns), zipped Shapefile, GeoPackage, KML/KMZ. "
        "Up to {mb} MB. The file stays in this browser session and is never saved into the catalogue.",
    ),
    "upload_crs": ("파일의 좌표계", "The file's CRS"),
    "upload_crs_auto": ("자동 (파일에서 읽거나 좌표로 추정)", "Automatic (from the file, or guessed)"),
    "upload_swap": ("위도·경도 바꾸기", "Swap latitude/longitude"),
    "upload_ok": (
        "{file}: 객체 {n}개를 올렸습니다. 벨트 지도 페이지에도 함께 표시됩니다.",
        "{file}: {n} feature(s) added. They also show on the belt map page.",
    ),
    "upload_notes": ("읽으면서 한 일", "What was done while reading"),
    "upload_layer_name": ("레이어 이름", "Layer name"),
    "upload_label_column": ("툴팁에 보일 열", "Column shown in tooltips"),
    "upload_no_label": ("(툴팁 없음)", "(no tooltip)"),
    "upload_colour": ("색", "Colour"),
    "upload_remove": ("레이어 지우기", "Remove the layer"),
    "upload_hint": (
        "파일을 올리면 아래 지도에 겹쳐 보이고, 시군구별 개수가 카탈로그 거점 수와 나란히 표시됩니다.",
        "Upload a file to see it on the map below, with its count per 시군구 next to the catalogue's sites.",
    ),
    "upload_outside": ("벨트 시군구 밖의 객체: {n}개", "Features outside the belt's 시군구: {n}"),
    "store_saved": (
        "레이어를 저장했습니다. 이 화면의 링크를 보내면 다른 브라우저에서도, "
        "서버를 다시 시작한 뒤에도 같은 레이어가 보입니다.",
        "The layer is saved: this page's link shows it in any browser, also after the server restarts.",
    ),
    "store_expiry": (
        "{days}일 동안 쓰지 않은 레이어는 삭제됩니다. 링크로 열 때마다 기간이 다시 시작됩니다.",
        "Layers unused for {days} days are deleted; opening a layer's link starts the period again.",
    ),
    "store_linked": (
        "링크의 레이어: {name} ({file}, 객체 {n}개). 이 링크를 가진 사람은 누구나 보고 고치고 지울 수 있습니다.",
        "The link's layer: {name} ({file}, {n} features). Anyone with this link can see, change and remove it.",
    ),
    "store_remove_help": (
        "저장된 레이어를 지웁니다. 이 레이어의 링크를 가진 모든 사람에게서 사라집니다.",
        "Deletes the stored layer: it disappears for everyone who has its link.",
    ),
    "store_gone": (
        "이 링크의 레이어는 삭제되었거나 만료되었습니다. 레이어 없이 벨트를 보여 줍니다.",
        "This link's layer has been deleted or has expired. The belt is shown without it.",
    ),
    "store_unavailable": (
        "레이어 저장소에 연결할 수 없습니다. 올린 레이어는 이 창에서만 보이고 링크로 공유되지 않습니다.",
        "The layer store cannot be reached. Your layer shows in this window only and cannot be shared by link.",
    ),
    "store_unavailable_link": (
        "레이어 저장소에 연결할 수 없어 이 링크의 레이어를 보여 줄 수 없습니다. 잠시 뒤 새로고침하세요.",
        "The layer store cannot be reached, so this link's layer cannot be shown. Reload in a while.",
    ),
    "store_too_large_layer": (
        "이 레이어는 저장하기에 너무 큽니다: {size} MB (한도 {limit} MB). 이 창에서만 보이고 링크로 공유되지 않습니다.",
        "This layer is too large to keep: {size} MB (limit {limit} MB). It shows in this window only.",
    ),
    "store_too_large_store": (
        "레이어 저장소가 가득 찼습니다: 이 레이어를 더하면 {size} MB (한도 {limit} MB). "
        "이 창에서만 보이고 링크로 공유되지 않습니다.",
        "The layer store is full: with this layer it would hold {size} MB (limit {limit} MB). "
        "The layer shows in this window only.",
    ),
    "col_code": ("시군구 코드", "시군구 code"),
    "col_sigungu": ("시군구", "시군구"),
    "col_uploaded": ("올린 객체", "Uploaded"),
    "col_sites": ("카탈로그 거점", "Catalogue sites"),
    "sources_unavailable": (
        "카탈로그를 읽을 수 없어 출처를 보일 수 없습니다. '카탈로그 검증' 탭을 보세요.",
        "The catalogue cannot be read, so its sources cannot be listed. See the 'Catalogue check' tab.",
    ),
    "files_missing": ("{file}: 없음", "{file}: missing"),
    # The upload reader's messages and notes (geo.ingest). {file} is the uploaded file's name.
    "ingest_too_large": (
        "{file}: 파일이 {size}MB로 한도 {limit}MB를 넘습니다. QGIS 등에서 단순화하거나 나누어 올리거나, "
        "관리자에게 AXBELT_MAX_UPLOAD_MB 상향을 요청하세요.",
        "{file}: the file is {size} MB; the limit is {limit} MB. Simplify or split it (e.g. in QGIS), "
        "or ask the administrator to raise AXBELT_MAX_UPLOAD_MB.",
    ),
    "ingest_too_many": (
        "{file}: 객체가 {n:,}개로, 지도에 보일 수 있는 한도 {limit:,}개를 넘습니다. 필요한 지역이나 항목만 남겨 "
        "나누어 올리거나, 관리자에게 AXBELT_MAX_FEATURES 상향을 요청하세요.",
        "{file}: the file has {n:,} features; the map can show at most {limit:,}. Keep only the areas or "
        "items you need and upload them in parts, or ask the administrator to raise AXBELT_MAX_FEATURES.",
    ),
    "ingest_empty": (
        "{file}: 빈 파일입니다. 원본 프로그램에서 다시 내보낸 뒤 새 파일을 올리세요.",
        "{file}: the file is empty. Export it again from the program that made it and upload the new file.",
    ),
    "ingest_unsupported": (
        "{file}: '{suffix}' 형식은 읽을 수 없습니다. GeoJSON, 좌표가 있는 CSV·XLSX, ZIP으로 묶은 Shapefile, "
        "GeoPackage(.gpkg), KML/KMZ 중 하나로 저장해 올리세요.",
        "{file}: the format '{suffix}' is not supported. Save the layer as GeoJSON, CSV or XLSX with "
        "coordinates, a zipped Shapefile, a GeoPackage (.gpkg) or KML/KMZ, and upload that.",
    ),
    "ingest_shp_alone": (
        "{file}: Shapefile은 여러 파일로 이루어집니다. .shp, .shx, .dbf, .prj, .cpg를 하나의 ZIP으로 묶어 올리세요.",
        "{file}: a Shapefile is several files. Put the .shp, .shx, .dbf, .prj and .cpg into one ZIP and "
        "upload the ZIP.",
    ),
    "ingest_old_excel": (
        "{file}: 예전 엑셀 형식(.xls)은 읽지 않습니다. 엑셀에서 .xlsx 또는 CSV로 저장해 올리세요.",
        "{file}: old Excel files (.xls) are not read. Save it as .xlsx or CSV in Excel and upload that.",
    ),
    "ingest_bad_json": (
        "{file}: JSON 형식이 깨져 있습니다({line}행 {column}열: {reason}). GeoJSON으로 다시 내보내거나 "
        "QGIS에서 열어 GeoJSON으로 저장하세요.",
        "{file}: is not valid JSON (line {line}, column {column}: {reason}). Export the GeoJSON again, or "
        "open it in QGIS and save it as GeoJSON.",
    ),
    "ingest_not_geojson": (
        "{file}: JSON이지만 GeoJSON이 아닙니다(FeatureCollection, Feature 또는 geometry가 없음). "
        "레이어를 GeoJSON으로 내보내 올리세요.",
        "{file}: is JSON but not GeoJSON (no FeatureCollection, Feature or geometry). Export the layer "
        "as GeoJSON and upload that.",
    ),
    "ingest_bad_zip": (
        "{file}: 올바른 ZIP 파일이 아닙니다. 다시 ZIP으로 묶어 올리세요(Shapefile이면 .shp, .shx, .dbf, .prj, .cpg).",
        "{file}: is not a valid ZIP archive. Make the ZIP again (for a Shapefile: its .shp, .shx, .dbf, .prj "
        "and .cpg) and upload it.",
    ),
    "ingest_bad_xlsx": (
        "{file}: 엑셀 통합문서(.xlsx)가 아닙니다. 엑셀에서 열어 .xlsx 또는 CSV로 다시 저장해 올리세요.",
        "{file}: is not an Excel workbook (.xlsx). Open it in Excel, save it again as .xlsx or CSV, and upload that.",
    ),
    "ingest_zip_unsafe": (
        "{file}: ZIP 안에 폴더 밖을 가리키는 경로({member})가 있어 열지 않았습니다. '..'나 절대 경로 없이 "
        "레이어 파일만 묶어 올리세요.",
        "{file}: the ZIP holds a path outside its folder ({member}) and was refused. Zip only the layer's "
        "files, without '..' or absolute paths.",
    ),
    "ingest_zip_too_big": (
        "{file}: ZIP을 풀면 {limit}MB 또는 {count}개 파일을 넘어 열지 않았습니다. 필요한 레이어만 묶어 올리세요.",
        "{file}: the ZIP unpacks to more than {limit} MB or {count} files and was refused. Zip only the "
        "layer you need.",
    ),
    "ingest_zip_no_shp": (
        "{file}: ZIP 안에 .shp 파일이 없습니다(들어 있는 파일: {found}). Shapefile은 .shp와 .shx, .dbf"
        "(그리고 .prj, .cpg)를 함께 묶어야 합니다.",
        "{file}: the ZIP contains no .shp file (found: {found}). A zipped Shapefile needs the .shp with its "
        ".shx and .dbf (and .prj, .cpg).",
    ),
    "ingest_shp_part_missing": (
        "{file}: ZIP에 {shp}는 있지만 {missing}가 없습니다. Shapefile 구성 파일(.shp, .shx, .dbf, .prj, .cpg)을 "
        "모두 함께 묶어 올리세요.",
        "{file}: the ZIP holds {shp} but not {missing}. Zip all parts of the Shapefile (.shp, .shx, .dbf, "
        ".prj, .cpg) together.",
    ),
    "ingest_kmz_no_kml": (
        "{file}: KMZ 안에 .kml 문서가 없습니다. Google Earth나 QGIS에서 다시 내보내세요.",
        "{file}: the KMZ contains no .kml document. Export it again from Google Earth or QGIS.",
    ),
    "ingest_no_spatial_layer": (
        "{file}: GeoPackage에 도형이 있는 레이어가 없습니다(테이블: {found}). 공간 레이어를 저장해 올리세요.",
        "{file}: the GeoPackage has no layer with geometries (tables: {found}). Save a spatial layer into it.",
    ),
    "ingest_undecodable": (
        "{file}: 글자 인코딩이 UTF-8도 CP949(EUC-KR)도 아닙니다. 엑셀에서 'CSV UTF-8'로 저장해 다시 올리세요.",
        "{file}: the text is neither UTF-8 nor CP949/EUC-KR. Save it as 'CSV UTF-8' in Excel and upload it again.",
    ),
    "ingest_no_coord_columns": (
        "{file}: 좌표 열을 찾지 못했습니다(열: {columns}). 열 이름을 위도/경도, lat/lon 또는 x/y로 바꾸거나 "
        "WKT 열을 넣으세요.",
        "{file}: no coordinate columns found (columns: {columns}). Name them 위도/경도, lat/lon or x/y, "
        "or add a WKT column.",
    ),
    "ingest_no_numeric_coords": (
        "{file}: '{lat}', '{lon}' 열에 숫자 좌표가 있는 행이 없습니다. 35.16, 126.85처럼 십진수 좌표인지 확인하세요.",
        "{file}: no row has numbers in '{lat}' and '{lon}'. Check that they hold decimal coordinates "
        "such as 35.16 and 126.85.",
    ),
    "ingest_no_features": (
        "{file}: 도형이 있는 객체가 없습니다. 올바른 레이어나 시트를 내보냈는지 확인하세요.",
        "{file}: contains no features with a geometry. Check that the right layer or sheet was exported.",
    ),
    "ingest_crs_needed": (
        "{file}: 좌표(x {xmin:,.0f}~{xmax:,.0f}, y {ymin:,.0f}~{ymax:,.0f})가 경위도가 아니고, 한국 안에 "
        "놓이는 좌표계를 알 수 없습니다. 아래에서 파일의 좌표계를 고르세요(만든 사람에게 묻거나 .prj를 확인).",
        "{file}: the coordinates (x {xmin:,.0f} to {xmax:,.0f}, y {ymin:,.0f} to {ymax:,.0f}) are not "
        "longitude/latitude, and no CRS places them in Korea. Choose the file's CRS below (ask whoever "
        "exported it, or look for a .prj).",
    ),
    "ingest_crs_unknown": (
        "{file}: 파일에 적힌 좌표계 '{crs}'를 알 수 없습니다. 아래에서 파일의 좌표계를 고르세요.",
        "{file}: the CRS '{crs}' given in the file is not recognised. Choose the file's CRS below.",
    ),
    "ingest_crs_invalid": (
        "{file}: 좌표계 '{crs}'를 알 수 없습니다. 목록에서 고르세요(예: EPSG:5186).",
        "{file}: the CRS '{crs}' is not recognised. Choose one from the list (e.g. EPSG:5186).",
    ),
    "ingest_outside_korea": (
        "{file}: 모든 객체가 한국 밖에 있습니다(경도 {xmin:.2f}~{xmax:.2f}, 위도 {ymin:.2f}~{ymax:.2f}; "
        "한국은 대략 위도 33~39, 경도 124~132). 좌표 열을 확인하거나 아래에서 올바른 좌표계를 고르세요.",
        "{file}: every feature lies outside Korea (longitude {xmin:.2f} to {xmax:.2f}, latitude {ymin:.2f} "
        "to {ymax:.2f}; Korea is at about latitude 33–39, longitude 124–132). Check the coordinate columns "
        "or choose the right CRS below.",
    ),
    "ingest_swapped": (
        "{file}: 위도와 경도가 뒤바뀐 것 같습니다(경도 값 {xmin:.2f}~{xmax:.2f}는 위도처럼, 위도 값 "
        "{ymin:.2f}~{ymax:.2f}는 경도처럼 보임). '위도·경도 바꾸기'를 눌러 다시 읽거나 열을 고치세요.",
        "{file}: latitude and longitude look swapped (the longitudes {xmin:.2f} to {xmax:.2f} look like "
        "latitudes, the latitudes {ymin:.2f} to {ymax:.2f} like longitudes). Press 'Swap latitude/longitude' "
        "to read it again, or fix the columns.",
    ),
    "ingest_unreadable": (
        "{file}: {format}(으)로 읽을 수 없습니다: {reason}. QGIS에서 열어 다시 내보내거나 다른 형식으로 올리세요.",
        "{file}: could not be read as {format}: {reason}. Open it in QGIS and export it again, or upload "
        "another format.",
    ),
    "ingest_note_read": ("{format} 파일에서 객체 {n}개를 읽었습니다.", "Features read from the {format} file: {n}."),
    "ingest_note_crs_declared": ("좌표계 {crs} ({origin}에서 읽음).", "CRS {crs}, from the {origin}."),
    "ingest_note_crs_chosen": ("좌표계 {crs} (직접 선택).", "CRS {crs}, as chosen."),
    "ingest_note_crs_assumed": (
        "파일에 좌표계가 없고 좌표가 경위도여서 WGS84(EPSG:4326)로 읽었습니다.",
        "No CRS in the file; the coordinates are longitude/latitude, read as WGS84 (EPSG:4326).",
    ),
    "ingest_note_crs_guessed": (
        "파일에 좌표계가 없어 좌표 범위로 {crs}를 추정했습니다. 위치가 어긋나 보이면 아래에서 좌표계를 고르세요.",
        "No CRS in the file; {crs} guessed from the coordinate ranges. If the features look shifted, "
        "choose the CRS below.",
    ),
    "ingest_note_reprojected": (
        "{crs}에서 WGS84(EPSG:4326)로 변환했습니다.",
        "Reprojected from {crs} to WGS84 (EPSG:4326).",
    ),
    "ingest_note_encoding": ("글자 인코딩 {encoding} ({how}).", "Text encoding {encoding} ({how})."),
    "ingest_how_cpg": (".cpg 파일", "from the .cpg"),
    "ingest_how_detected": ("자동 감지", "detected"),
    "ingest_how_cpg_wrong": (
        ".cpg에는 {declared}로 적혀 있으나 내용으로 감지",
        "the .cpg says {declared}; detected from the text",
    ),
    "ingest_note_encoding_unknown": (
        "글자 인코딩을 감지하지 못했습니다. 한글이 깨져 보이면 CP949 또는 UTF-8이라고 적은 .cpg 파일을 함께 묶으세요.",
        "The text encoding could not be detected; if Hangul looks garbled, add a .cpg file saying CP949 or UTF-8.",
    ),
    "ingest_note_columns": (
        "좌표 열: 경도 '{lon}', 위도 '{lat}'.",
        "Coordinates from the columns '{lon}' (longitude) and '{lat}' (latitude).",
    ),
    "ingest_note_wkt": ("도형을 WKT 열 '{column}'에서 읽었습니다.", "Geometry from the WKT column '{column}'."),
    "ingest_note_sheet": ("시트 '{sheet}'를 읽었습니다(시트 {n}개 중).", "Read the sheet '{sheet}' (of {n} sheets)."),
    "ingest_note_header_row": ("표 머리글은 {row}행에 있습니다.", "The table's header is on row {row}."),
    "ingest_note_layers": ("레이어 {n}개를 읽었습니다: {layers}.", "Read {n} layers: {layers}."),
    "ingest_note_other_shp": (
        "ZIP에 Shapefile이 {n}개 있어 {shp}만 읽었습니다. 나머지는 따로 올리세요.",
        "The ZIP holds {n} Shapefiles; read {shp}. Upload the others separately.",
    ),
    "ingest_note_swapped": ("요청에 따라 위도와 경도를 바꿨습니다.", "Latitude and longitude swapped, as asked."),
    "ingest_note_repaired": (
        "잘못된 도형 {n}개를 고쳤습니다(make_valid).",
        "Invalid geometries repaired (shapely make_valid): {n}.",
    ),
    "ingest_note_dropped_empty": (
        "도형이 없는 객체 {n}개를 뺐습니다({where}).",
        "Features without a geometry, dropped: {n} ({where}).",
    ),
    "ingest_note_dropped_coords": (
        "숫자 좌표가 없는 행 {n}개를 뺐습니다({where}).",
        "Rows without numeric coordinates, dropped: {n} ({where}).",
    ),
    "ingest_note_dropped_wkt": (
        "읽을 수 있는 WKT 도형이 없는 행 {n}개를 뺐습니다({where}).",
        "Rows without a readable WKT geometry, dropped: {n} ({where}).",
    ),
    "ingest_note_dropped_outside": (
        "한국 밖의 객체 {n}개를 뺐습니다({where}).",
        "Features outside Korea, dropped: {n} ({where}).",
    ),
    "ingest_where_row": ("{items}행", "row {items}"),
    "ingest_where_rows": ("{items}행", "rows {items}"),
    "ingest_where_feature": ("{items}번째 객체", "feature {items}"),
    "ingest_where_features": ("{items}번째 객체", "features {items}"),
    "ingest_origin_prj": (".prj 파일", ".prj file"),
    "ingest_origin_gpkg": ("GeoPackage", "GeoPackage"),
    "ingest_origin_geojson": ("GeoJSON의 crs 항목", "GeoJSON 'crs' member"),
    "ingest_origin_kml": ("KML 규격, 항상 WGS84", "KML standard, always WGS84"),
    # The value-chain and programmes pages.
    # value-chain page
    "vc_intro": (
        "무엇이 무엇과 이어지는지, 어느 분야의 어느 단계가 비어 있는지 봅니다. 왼쪽 필터를 따릅니다.",
        "What connects to what, and which stage of which sector is missing. Follows the filters on the left.",
    ),
    "vc_sankey_title": ("밸류체인 흐름", "Value-chain flow"),
    "vc_sankey_mode": ("흐름 기준", "Flow by"),
    "vc_sankey_sites": ("권역 → 단계 → 분야 (거점 수)", "Region → stage → sector (sites)"),
    "vc_sankey_links": ("단계 → 단계 (연계 수)", "Stage → stage (links)"),
    "vc_sankey_sites_caption": (
        "띠의 굵기 = 거점 수. 여러 분야에 속한 거점은 분야마다 한 번씩 셉니다.",
        "Band width = number of sites. A site in several sectors counts once for each of them.",
    ),
    "vc_sankey_links_caption": (
        "띠의 굵기 = 거점 간 연계 수 (links.csv 한 줄 = 1). 왼쪽 = 출발 거점의 단계, 오른쪽 = 도착 거점의 단계.",
        "Band width = number of links between sites (one row of links.csv = 1). Left: the stage of the "
        "site a link starts from; right: the stage of the site it goes to.",
    ),
    "vc_from": ("출발", "from"),
    "vc_to": ("도착", "to"),
    "vc_network_title": ("거점 네트워크", "Site network"),
    "vc_network_caption": (
        "가로 = 밸류체인 단계, 세로 = 권역. 원 크기 = 연계 수, 색 = 주 분야, 빈 원 = 연계 없는 거점. "
        "진한 선 = 권역 간 연계, 연한 선 = 권역 안 연계. "
        "원 안의 숫자 = 아래 허브 순위. 원에 마우스를 올리면 이름이 보입니다.",
        "Across: value-chain stage; down: region. Circle size = number of links, colour = main sector, "
        "hollow = no link. Dark line = cross-region link, light line = within a region. Number in a circle = "
        "rank in the hub table below. Hover a circle for its name.",
    ),
    "vc_cross_link": ("권역 간 연계", "Cross-region link"),
    "vc_within_link": ("권역 안 연계", "Link within a region"),
    "vc_hubs_title": ("허브 거점 순위", "Hub sites, ranked"),
    "vc_hubs_caption": (
        "연계 수 순. 매개 중심성 = 다른 거점들 사이의 최단 경로가 이 거점을 지나는 비율 (0–1). "
        "줄을 고르면 지도에서 볼 수 있습니다.",
        "Ranked by number of links. Betweenness = share of shortest paths between other sites that pass "
        "through this one (0–1). Select a row to show it on the map.",
    ),
    "vc_isolated": ("연계가 없는 거점", "Sites with no link"),
    "vc_isolated_none": ("연계가 없는 거점은 없습니다.", "Every site shown has at least one link."),
    "col_rank": ("순위", "Rank"),
    "col_site": ("거점", "Site"),
    "col_links": ("연계 수", "Links"),
    "col_neighbours": ("연결 거점 수", "Linked sites"),
    "col_betweenness": ("매개 중심성", "Betweenness"),
    "col_cross_links": ("권역 간 연계", "Cross-region links"),
    "show_on_map": ("지도에서 보기", "Show on map"),
    "vc_sector_pick": ("분야를 지도에서 보기", "Show a sector on the map"),
    "vc_gap_title": ("공백 매트릭스: 분야 × 단계", "Gap matrix: sector × stage"),
    "vc_gap_caption": (
        "칸의 숫자 = 그 분야·단계의 거점 수 (여러 분야에 속한 거점은 분야마다 셈). "
        "거버넌스·지원 거점은 사슬 밖이라 넣지 않았습니다. AI 인프라 줄은 모든 분야가 함께 쓰는 공통 기반입니다.",
        "Number in a cell = sites of that sector at that stage (a site in several sectors counts for each). "
        "Governance and support sites are outside the chain and left out. The AI infrastructure row is the "
        "common base every sector shares.",
    ),
    "gap_missing": ("없음 (0)", "Missing (0)"),
    "gap_thin": ("취약 (1곳)", "Thin (1 site)"),
    "gap_present": ("있음 (2곳 이상)", "Present (2+ sites)"),
    "gap_reading": ("읽는 법", "Reading"),
    "gap_reading_missing": (
        "{scope}: {sector} — {present} 거점은 있으나 {missing} 거점이 없음",
        "{scope}: {sector} has {present} sites but no {missing} site",
    ),
    "gap_reading_shared": (
        "{scope}: {shared} 거점 — {stages}. 분야 전용 거점이 없는 단계도 이 공통 기반을 함께 쓸 수 있습니다.",
        "{scope}: {shared} sites — {stages}. A stage a sector lacks may still be served by this shared base.",
    ),
    "gap_reading_thin": ("{scope}: {sector} — {thin} 거점이 1곳뿐", "{scope}: {sector} has only one {thin} site"),
    "gap_reading_none": (
        "{scope}: 거점이 있는 모든 분야가 사슬의 모든 단계에 2곳 이상 있습니다.",
        "{scope}: every sector with sites has two or more at every stage of the chain.",
    ),
    "scope_belt": ("호남권 전체", "Whole belt"),
    "no_sites": ("선택한 조건에 맞는 거점이 없습니다.", "No site matches the filters."),
    # programmes page
    "pg_intro": (
        "무엇에 얼마가 어떤 상태로 잡혀 있는지 봅니다. 확정·추진 중·제안·미확인 금액은 서로 더하지 않습니다.",
        "What is funded, how much, and how firmly. Confirmed, in-progress, proposed and unverified amounts "
        "are never added together.",
    ),
    "pg_budget_sector": ("분야별 예산 (상태별)", "Budget by sector, by status"),
    "pg_budget_region": ("권역별 예산 (상태별)", "Budget by region, by status"),
    "pg_budget_caption": (
        "왼쪽 = 결정된 돈, 오른쪽 = 요구·계획 금액. 두 칸은 눈금이 다르고 서로 더하지 않습니다. 한 칸 안에서는 두 "
        "상태를 이어 붙였으니, 막대 전체 길이는 두 상태를 합친 값입니다 (확정 예산만은 진한 파랑). "
        "예산이 비어 있는 사업 {n}건은 빠졌습니다. 한 상태만 보려면 왼쪽 '사업 상태' 필터를 쓰세요.",
        "Left: decided money; right: money asked for or planned. The panels have different scales and are "
        "never added. Within a panel two statuses are stacked, so a whole bar adds them (confirmed alone is "
        "dark blue). {n} programmes with no stated budget are left out. To see one status, use the "
        "'Programme status' filter on the left.",
    ),
    "pg_panel_firm": ("확정·추진 중 (결정된 돈)", "Confirmed and in progress (decided)"),
    "pg_panel_unfirm": ("제안·미확인 (요구·계획 금액)", "Proposed and unverified (asked for, planned)"),
    "pg_budget_total_by_status": ("상태별 합계 (서로 더하지 않음)", "Totals by status (never added together)"),
    "pg_timeline": ("사업 기간", "Programme periods"),
    "pg_timeline_caption": (
        "막대 = 시작 연도 1월부터 종료 연도 12월까지. 색 = 사업 상태 (빗금 = 제안·미확인). "
        "▶ = 시작 연도만, ◆ = 종료 연도만 알려진 사업. 점선 = 올해. 연도가 전혀 없는 사업 {n}건은 빠졌습니다.",
        "Bar = January of the start year to December of the end year. Colour = programme status (hatched = "
        "proposed or unverified). ▶ = only the start year is known, ◆ = only the end year. Dashed line = this "
        "year. {n} programmes with no year at all are left out.",
    ),
    "pg_targets": ("공식 목표", "Stated targets"),
    "pg_targets_caption": (
        "출처가 밝힌 목표만 적었습니다 (data/targets.csv). 물음표에 출처와 기준일이 있습니다.",
        "Only targets a source states (data/targets.csv). The question mark gives the source and date.",
    ),
    "pg_no_targets": ("선택한 권역의 목표가 없습니다.", "No stated target for the regions chosen."),
    "pg_table": ("사업 목록", "Programme list"),
    "pg_search": ("사업 찾기 (사업명·주관기관)", "Find a programme (name or lead organisation)"),
    "pg_search_placeholder": ("예: 실증밸리, 과기정통부", "e.g. AX valley, MSIT"),
    "pg_download_programs": ("사업 CSV", "Programmes CSV"),
    "pg_download_sites_geojson": ("거점 GeoJSON", "Sites GeoJSON"),
    "pg_download_sites_csv": ("거점 CSV", "Sites CSV"),
    "pg_download_caption": (
        "내려받는 파일은 지금 화면의 필터(와 검색어)를 따른 것입니다.",
        "Downloads follow the current filters (and search).",
    ),
    "pg_sector_hint": (
        "분야 막대를 누르면 그 분야를 지도에서 볼 수 있습니다.",
        "Click a sector's bar to show that sector on the map.",
    ),
    "region_belt": ("호남권 공통", "Belt-wide"),
    "col_budget_100m": ("예산 (억원)", "Budget (KRW 100m)"),
    "col_lead_org": ("주관기관", "Lead organisation"),
    "axis_budget": ("예산 (억원)", "Budget (KRW 100m)"),
    "budget_unknown": ("미정", "not stated"),
    "budget_unknown_long": ("예산 미정", "budget not stated"),
    "this_year": ("올해", "this year"),
    "year_start_only": ("시작 연도만 알려짐", "only the start year is known"),
    "year_end_only": ("종료 연도만 알려짐", "only the end year is known"),
    "target_status_verified": ("확인", "verified"),
    "target_status_proposed": ("제안", "proposed"),
    "target_status_unverified": ("미확인", "unverified"),
    # Accessibility: what a screen reader hears and a keyboard user reaches.
    "a11y_summary": ("지도: 거점 {n}곳 — {parts}", "Map: {n} sites — {parts}"),
    "a11y_summary_empty": ("지도: 보이는 거점 없음 (필터를 넓혀 보세요)", "Map: no sites shown (widen the filters)"),
    "a11y_summary_sectors": ("분야 {n}개", "{n} sectors"),
    "a11y_summary_cross": ("권역 간 연계 {n}건", "{n} cross-region links"),
    "a11y_summary_choro": ("시군구 색칠: {metric}", "districts coloured by {metric}"),
    "a11y_skip_to_sites": ("지도 거점 목록으로 건너뛰기", "Skip to the list of sites on the map"),
    "a11y_sites_in_view": ("지도에 보이는 거점 {n}곳", "{n} sites on the map"),
    "a11y_sites_pick": ("거점을 고르면 상세 정보가 열립니다", "Choose a site to open its details"),
    "a11y_map_label": ("벨트 지도", "Belt map"),
    "a11y_region": ("지도 — 화살표 키로 이동, +/− 키로 확대·축소", "Map — arrow keys pan, + and − zoom"),
    "a11y_markers": (
        "거점 표시: 화살표 키로 다음 거점, Enter 또는 스페이스로 상세 정보",
        "Site markers: arrow keys move to the next site, Enter or Space opens its details",
    ),
    "a11y_layers": ("레이어 (분야·연계·배경지도) 켜고 끄기", "Layers (sectors, links, basemap)"),
    "a11y_zoom_in": ("확대", "Zoom in"),
    "a11y_zoom_out": ("축소", "Zoom out"),
    "a11y_show_table": ("표로 보기: {chart}", "Show as a table: {chart}"),
    "a11y_kpi_heading": ("주요 지표와 내용", "Key figures and contents"),
    "a11y_district_table": (
        "시군구별 거점·분야·예산 (시군구 색칠의 수치)",
        "sites, sectors and budget per 시군구 (the district colouring's numbers)",
    ),
    "a11y_col_count": ("개수", "Count"),
    "a11y_col_group": ("구분", "Group"),
    "a11y_col_status": ("상태", "Status"),
    "a11y_col_start": ("시작 연도", "First year"),
    "a11y_col_end": ("종료 연도", "Last year"),
    "a11y_unit_100m": ("억원", "KRW 100m"),
}


def t(key: str, lang: str = "ko") -> str:
    """The label for ``key`` in ``lang`` (Korean when the language is unknown)."""
    ko, en = LABELS[key]
    return en if lang == "en" else ko


def name_column(lang: str) -> str:
    """The catalogue column that holds names in ``lang``."""
    return "name_en" if lang == "en" else "name_ko"


def short_name(name: str) -> str:
    """A site name without its bracketed details, for labels on a map: "신안 해상풍력 (8.2GW …)" → "신안 해상풍력"."""
    return " ".join(re.sub(r"\s*\([^)]*\)", "", name).split()) or name


def names(table, lang: str) -> dict[str, str]:
    """Id → name in ``lang`` for a catalogue table (sectors, stages, regions, sites)."""
    return dict(zip(table["id"], table[name_column(lang)]))


def format_krw_100m(value: float, lang: str = "ko") -> str:
    """An amount in 억원 as officials write it: 조원 from 10,000억 up, else 억원.

    >>> format_krw_100m(25000)
    '2.5조원'
    >>> format_krw_100m(6000)
    '6,000억원'
    """
    if value >= 10_000:
        amount = f"{value / 10_000:,.2f}".rstrip("0").rstrip(".")
        return f"{amount}조원" if lang == "ko" else f"KRW {amount} tn"
    if lang == "ko":
        return f"{value:,.0f}억원"
    return f"KRW {value / 10:,.1f}".rstrip("0").rstrip(".") + " bn"


def md_escape(text: object) -> str:
    """Text from data made literal for Streamlit's markdown: every ASCII punctuation mark escaped.

    Names come from the catalogue or an upload; unescaped, ``![x](http://host/x.png)`` would
    render as an image fetched from outside, and ``$x$`` as a formula.
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text))


# -- Helpers for the map's text (appended; to be merged with the module above) ----------------------

# Legend text of the choropleth's count classes (``{span}`` is "3" or "1–2"). English names one
# thing in the singular; Korean counts have no plural, so both keys read the same in Korean.
LABELS.update(
    {
        "choro_class_sites": ("{span}곳", "{span} sites"),
        "choro_class_sites_one": ("{span}곳", "{span} site"),
        "choro_class_sectors": ("{span}개 분야", "{span} sectors"),
        "choro_class_sectors_one": ("{span}개 분야", "{span} sector"),
    }
)


def localised(base: str, lang: str) -> str:
    """The catalogue column that holds ``base`` in ``lang``: ``description`` → ``description_en`` (Korean when unknown).

    >>> localised("description", "en"), localised("description", "fr")
    ('description_en', 'description_ko')
    """
    return f"{base}_{'en' if lang == 'en' else 'ko'}"


def format_krw_range(low: float, high: float, lang: str = "ko") -> str:
    """A range of amounts in 억원 as officials read it: the unit once when both ends share it.

    In English the range is in KRW billions (1 bn = 10 억원), whole.

    >>> format_krw_range(0, 804), format_krw_range(804, 25000), format_krw_range(12000, 25000)
    ('0–804억원', '804억–2.5조원', '1.2–2.5조원')
    >>> format_krw_range(0, 804, "en")
    'KRW 0–80 bn'
    """
    if lang == "en":
        return f"KRW {low / 10:,.0f}–{high / 10:,.0f} bn"
    low_unit, high_unit = ("조" if low >= 10_000 else "억"), ("조" if high >= 10_000 else "억")
    start = _krw_number(low, low_unit) + ("" if low_unit == high_unit else low_unit)
    return f"{start}–{_krw_number(high, high_unit)}{high_unit}원"


def _krw_number(value: float, unit: str) -> str:
    """An amount in 억원 written in ``unit`` (억 or 조) without the unit: 804, 1.2."""
    if unit == "조":
        return f"{value / 10_000:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.0f}"
