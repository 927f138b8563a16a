// The file page's document viewer: a "Lihat" link opens its PDF in the viewer's frame (the link's
// target, so the page and its half-filled forms stay without this script); this only retitles
// the viewer and its "open in a new tab" link, and brings the viewer into sight when it is out of it.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-viewer-title]") : null;
  if (!link) return;
  var title = document.getElementById("viewer-title");
  var file = document.getElementById("viewer-file");
  var open = document.getElementById("viewer-open");
  if (title) title.textContent = link.getAttribute("data-viewer-title");
  if (file) file.textContent = link.getAttribute("data-viewer-file");
  if (open) { open.href = link.href; open.hidden = false; }
  var viewer = document.getElementById("viewer");
  if (!viewer || !viewer.getBoundingClientRect) return;
  var box = viewer.getBoundingClientRect();  // out of sight (a phone's one column): bring it up
  if (box.top > window.innerHeight || box.bottom < 0) viewer.scrollIntoView({ block: "start" });
});
