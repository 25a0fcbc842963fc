// Submit the language and institution switchers as soon as a choice is made; the visible
// button stays for keyboard users and browsers without JavaScript.
document.addEventListener("change", function (event) {
  var form = event.target.closest("form.js-autosubmit");
  if (form && event.target.tagName === "SELECT") {
    form.submit();
  }
});
