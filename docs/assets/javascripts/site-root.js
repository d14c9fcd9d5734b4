// Instant navigation on any host, port and sub-path.
//
// Material decides which links to follow instantly by looking them up in
// sitemap.xml, whose URLs start with site_url; it rewrites their protocol and
// host name to the current page's, but not the port or the path. Served
// anywhere else than site_url (another port, a sub-path on an intranet), every
// click would then be a full page load, and each one would start Python again.
// This rewrites the sitemap's site_url to where the site really is, once, as
// Material parses it. It touches nothing else.
(function () {
  var script = document.currentScript;
  var siteUrl = script && script.dataset.siteUrl;
  if (!siteUrl) return;
  var root = new URL("../../", script.src).href; // this file is assets/javascripts/site-root.js
  if (root === siteUrl) return;
  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    if (type === "text/xml" && typeof text === "string" && text.indexOf("<urlset") !== -1) {
      text = text.split("<loc>" + siteUrl).join("<loc>" + root);
    }
    return parse.call(this, text, type);
  };
})();
