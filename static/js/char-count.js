// A counter under every text box with a limit: the server refuses a text that is too
// long with a message, and this shows how much room is left before anyone gets there
// (the browser's own maxlength would cut a pasted text without a word).
(function () {
  "use strict";
  function update(box, counter) {
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    var used = box.value.length;
    if (used > limit) {
      counter.textContent = (used - limit) + " " + counter.getAttribute("data-over");
      counter.classList.add("text-danger");
    } else {
      counter.textContent = used + " / " + limit;
      counter.classList.remove("text-danger");
    }
  }
  document.querySelectorAll("textarea[data-maxlength]").forEach(function (box) {
    var counter = document.getElementById(box.id + "_count");
    if (!counter) {
      return;
    }
    update(box, counter);
    box.addEventListener("input", function () {
      update(box, counter);
    });
  });
})();
