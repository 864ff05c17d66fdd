"""One module per dashboard page; `dashboard/main.py` runs them through st.navigation."""
