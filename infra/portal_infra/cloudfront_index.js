// CloudFront Function (viewer request, cloudfront-js-2.0) on the site behaviour only.
// MkDocs writes directory URLs (/orderer/verify/ -> /orderer/verify/index.html); an S3
// origin behind Origin Access Control serves objects, not directory indexes, so add the
// file name here. A path without a file extension gets its trailing slash (301), as a
// static web server would; the URL fragment (#n=...&k=...) survives the redirect.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    return {
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: uri + '/' }, 'cache-control': { value: 'max-age=3600' } }
    };
  }
  return request;
}
