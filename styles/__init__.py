"""Default stylesheets: common.css for both outputs, print.css and epub.css for each."""
