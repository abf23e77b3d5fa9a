"""Guide pages: the operator's details on the legal pages, named task-list checkboxes."""
