"""The igfkg dashboard: page configuration and navigation only (the pages are in app_pages/).

    igfkg dashboard --store ./igfkg-store        # or: IGFKG_STORE=... streamlit run dashboard/app.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from anywhere
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

#: page file -> (title, icon, url path); the first is the default page.
PAGE_FILES: dict[str, tuple[str, str, str]] = {
    "app_pages/overview.py": ("Overview", ":material/dashboard:", "overview"),
    "app_pages/meeting.py": ("Meeting", ":material/groups:", "meeting"),
    "app_pages/graph.py": ("Who said what", ":material/hub:", "graph"),
    "app_pages/person.py": ("Person", ":material/person:", "person"),
    "app_pages/concept.py": ("Process / topic", ":material/label:", "concept"),
    "app_pages/topics.py": ("Topics over time", ":material/timeline:", "topics"),
    "app_pages/sparql.py": ("SPARQL", ":material/code:", "sparql"),
    "app_pages/quality.py": ("Data quality", ":material/rule:", "quality"),
    "app_pages/ingest.py": ("Ingest", ":material/upload_file:", "ingest"),
}


def main() -> None:
    # the icon is a file of the app: a Material icon or emoji as page icon is fetched from an outside host
    st.set_page_config(page_title="igfkg", page_icon=str(Path(__file__).with_name("favicon.png")), layout="wide")
    from dashboard import data
    from dashboard.components import md
    pages = [st.Page(path, title=title, icon=icon, url_path=url, default=i == 0)
             for i, (path, (title, icon, url)) in enumerate(PAGE_FILES.items())]
    nav = st.navigation(pages)
    with st.sidebar:
        st.caption(f"Store: {md(data.shown_location())}")
        if st.button("Reload the store", key="reload_store", help="Forget cached results and reopen the store, "
                     "to see reports another process has ingested since."):
            data.reload()
    nav.run()


if __name__ == "__main__":  # streamlit runs this file as __main__; importing it only defines PAGE_FILES
    main()
