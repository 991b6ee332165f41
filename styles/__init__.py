"""samizdat's default stylesheets: print.css (the PDF), large-print.css (added to print.css
for the 18 pt edition), booklet.css (added to print.css for the booklet's two-sided pages)
and epub.css (the e-reader edition). A book's own styles/NAME.css
replaces the file of that name."""
