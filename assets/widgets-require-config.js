// Make the self-hosted ipywidgets embedder (_vendor/html-manager) work offline.
//
// 1. require.js: the embedder derives the URL of its fonts from the module
//    path that require.js resolves, so every @jupyter-widgets module must map
//    to the folder that holds the fonts; otherwise the page asks a CDN.
// 2. MathJax: the embedder typesets widget labels with the MathJax 2 call
//    MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads
//    MathJax 3, which has no Hub.  A two-line adapter forwards the call to
//    MathJax 3's typesetPromise.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  var dist = here + "html-manager/dist";
  require.config({
    paths: {
      "@jupyter-widgets": dist,
      "@jupyter-widgets/html-manager/dist": dist
    }
  });

  function addHub() {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function (job) {
          if (window.MathJax.typesetPromise && job && job[2]) {
            window.MathJax.typesetPromise([job[2]]);
          }
        }
      };
    }
  }
  addHub();
  document.addEventListener("DOMContentLoaded", addHub);
})();
