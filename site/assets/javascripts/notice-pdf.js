/* Reading a 認証キーのお知らせ PDF in the browser, never sending it anywhere: what in it
   could hold the verification link. scan.js loads this file only when a PDF is chosen.

   Not a PDF renderer (that would be megabytes of script): the notices of this portal are
   read three ways, whichever the file still has —
   1. the link annotations (/URI) over the QR code and the page address (notices since
      December 2026), also where a re-saving tool packed them into compressed object
      streams (/ObjStm);
   2. the QR code as the portal draws it: one filled path of rectangles in a page's content
      stream (every notice the portal has made), redrawn on a canvas;
   3. images: a mail gateway that "sanitizes" attachments (無害化) flattens each page to a
      picture (JPEG, or raw pixels compressed with Flate), and a scan of a printed notice is
      one too.
   The caller decodes the QR code of 2 and 3 and accepts only links of the portal's form.

   PortalNoticePdf.read(arrayBuffer) -> Promise<{links: [string], images: [canvas|ImageBitmap]}> */
(function () {
  "use strict";

  // A notice is a few hundred kilobytes; these bound what a large or hostile file can cost.
  var MAX_FILE_BYTES = 30 * 1024 * 1024;
  var MAX_IMAGES = 8; // pages of a notice, with room
  var MAX_STREAMS = 400;
  var MAX_PIXELS = 25 * 1000 * 1000; // an A4 page at 600 dpi is 35 M: flattened notices are far below
  var MAX_INFLATED = 64 * 1024 * 1024;
  var QR_MODULE_PX = 6;

  function latin1(bytes) {
    var out = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return out;
  }

  /* A PDF literal string's bytes: \( \) \\ \n and octal escapes. */
  function literal(text) {
    return text.replace(/\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))/g, function (_, octal, newline, ch) {
      if (octal) return String.fromCharCode(parseInt(octal, 8) & 0xff);
      if (newline) return "";
      return { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" }[ch] || ch;
    });
  }

  function links(text) {
    var found = [];
    var re = /\/URI\s*(?:\(((?:\\[\s\S]|[^\\)])*)\)|<([0-9A-Fa-f\s]*)>)/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m[1] !== undefined) {
        found.push(literal(m[1]));
      } else {
        var hex = m[2].replace(/\s+/g, "");
        var s = "";
        for (var i = 0; i + 1 < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.substr(i, 2), 16));
        found.push(s);
      }
    }
    return found;
  }

  /* The stream objects: {dict, data}. The dictionary is found backwards from "stream"
     (it may hold nested dictionaries such as /DecodeParms). */
  function streams(text, bytes) {
    var out = [];
    var re = />>\s*stream(\r\n|\n|\r)/g;
    var m;
    while ((m = re.exec(text)) !== null) {
      var end = m.index; // the ">>" closing the stream's dictionary
      var depth = 1;
      var i = end - 1;
      while (i > 0 && depth > 0) {
        if (text[i] === ">" && text[i - 1] === ">") { depth += 1; i -= 2; continue; }
        if (text[i] === "<" && text[i - 1] === "<") { depth -= 1; i -= 2; continue; }
        i -= 1;
      }
      var dict = text.slice(i + 1, end + 2);
      var start = m.index + m[0].length;
      var length = /\/Length\s+(\d+)\b(?!\s+\d+\s+R)/.exec(dict);
      var stop = length ? start + parseInt(length[1], 10) : text.indexOf("endstream", start);
      if (stop < start) continue;
      if (!length) {
        // An indirect /Length (5 0 R): the data ends before the line break ahead of "endstream";
        // a decompressor refuses bytes after the end of its data.
        if (text[stop - 1] === "\n") stop -= 1;
        if (text[stop - 1] === "\r") stop -= 1;
      }
      out.push({ dict: dict, data: bytes.subarray(start, stop) });
      re.lastIndex = stop;
      if (out.length >= MAX_STREAMS) break;
    }
    return out;
  }

  function filters(dict) {
    var m = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict);
    return m ? (m[1].match(/\/\w+/g) || []).map(function (f) { return f.slice(1); }) : [];
  }

  function number(dict, key) {
    var m = new RegExp("/" + key + "\\s+(\\d+)").exec(dict);
    return m ? parseInt(m[1], 10) : null;
  }

  function inflate(data) {
    var reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
    var chunks = [];
    var total = 0;
    function pump() {
      return reader.read().then(function (part) {
        if (part.done) return;
        total += part.value.length;
        if (total > MAX_INFLATED) {
          reader.cancel();
          throw new Error("too large when inflated");
        }
        chunks.push(part.value);
        return pump();
      });
    }
    return pump().then(function () {
      var out = new Uint8Array(total);
      var at = 0;
      chunks.forEach(function (chunk) { out.set(chunk, at); at += chunk.length; });
      return out;
    });
  }

  function ascii85(data) {
    var text = latin1(data).replace(/\s+/g, "");
    if (text.slice(0, 2) === "<~") text = text.slice(2);
    var end = text.indexOf("~>");
    if (end >= 0) text = text.slice(0, end);
    var out = [];
    for (var i = 0; i < text.length;) {
      if (text[i] === "z") { out.push(0, 0, 0, 0); i += 1; continue; }
      var group = text.slice(i, i + 5);
      i += 5;
      var pad = 5 - group.length;
      group += "uuuu".slice(0, pad);
      var value = 0;
      for (var j = 0; j < 5; j++) value = value * 85 + (group.charCodeAt(j) - 33);
      var four = [value >>> 24 & 255, value >>> 16 & 255, value >>> 8 & 255, value & 255];
      out.push.apply(out, four.slice(0, 4 - pad));
    }
    return Uint8Array.from(out);
  }

  /* Every filter but the last image codec (DCT is handed to the browser as a JPEG). */
  function unfilter(data, names) {
    var work = Promise.resolve(data);
    names.forEach(function (name) {
      work = work.then(function (d) {
        if (name === "FlateDecode" || name === "Fl") return inflate(d);
        if (name === "ASCII85Decode" || name === "A85") return ascii85(d);
        if (name === "DCTDecode" || name === "DCT") return d;
        throw new Error("filter " + name);
      });
    });
    return work;
  }

  /* PNG row predictors (Predictor >= 10), as Flate-compressed images often use. */
  function unpredict(data, columns, colors, bits) {
    var row = Math.ceil(columns * colors * bits / 8);
    colors = Math.max(1, Math.ceil(colors * bits / 8)); // bytes per pixel, as PNG counts them
    var rows = Math.floor(data.length / (row + 1));
    var out = new Uint8Array(rows * row);
    for (var r = 0; r < rows; r++) {
      var type = data[r * (row + 1)];
      for (var c = 0; c < row; c++) {
        var raw = data[r * (row + 1) + 1 + c];
        var left = c >= colors ? out[r * row + c - colors] : 0;
        var up = r > 0 ? out[(r - 1) * row + c] : 0;
        var upLeft = r > 0 && c >= colors ? out[(r - 1) * row + c - colors] : 0;
        var value;
        if (type === 1) value = raw + left;
        else if (type === 2) value = raw + up;
        else if (type === 3) value = raw + ((left + up) >> 1);
        else if (type === 4) {
          var p = left + up - upLeft;
          var pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
        } else value = raw;
        out[r * row + c] = value & 255;
      }
    }
    return out;
  }

  /* [/Indexed /DeviceRGB hival <lookup>]: the lookup table as RGB bytes (hex or literal
     string; an indirect one is not read). Gray bases are widened to RGB. */
  function indexedPalette(dict) {
    var m = /\/Indexed\s*\/Device(RGB|Gray)\s+(\d+)\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\))/.exec(dict);
    if (!m) return /\/Indexed/.test(dict) ? grayRamp() : null;
    var raw = m[3][0] === "<" ? m[3].slice(1, -1).replace(/\s+/g, "").replace(/(..)/g, function (h) {
      return String.fromCharCode(parseInt(h, 16));
    }) : literal(m[3].slice(1, -1));
    var out = new Uint8Array(256 * 3);
    for (var i = 0; i <= parseInt(m[2], 10) && i < 256; i++) {
      for (var c = 0; c < 3; c++) {
        out[i * 3 + c] = m[1] === "RGB" ? raw.charCodeAt(i * 3 + c) & 255 : raw.charCodeAt(i) & 255;
      }
    }
    return out;
  }

  function grayRamp() {
    var out = new Uint8Array(256 * 3);
    for (var i = 0; i < 256; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = i;
    return out;
  }

  function canvasOf(width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }

  function image(stream) {
    var dict = stream.dict;
    var names = filters(dict);
    var width = number(dict, "Width");
    var height = number(dict, "Height");
    if (!width || !height) return Promise.resolve(null);
    if (names.indexOf("DCTDecode") >= 0 || names.indexOf("DCT") >= 0) {
      return unfilter(stream.data, names).then(function (jpeg) {
        return createImageBitmap(new Blob([jpeg], { type: "image/jpeg" }));
      });
    }
    if (names.some(function (n) { return n === "JPXDecode" || n === "CCITTFaxDecode" || n === "JBIG2Decode"; })) {
      return Promise.resolve(null); // not in notices or the flatteners seen; the message says so
    }
    if (width * height > MAX_PIXELS) return Promise.resolve(null);
    var palette = indexedPalette(dict);
    return unfilter(stream.data, names).then(function (data) {
      var bits = /\/ImageMask\s+true/.test(dict) ? 1 : number(dict, "BitsPerComponent") || 8;
      var colors = palette ? 1 : /\/DeviceRGB|\/CalRGB/.test(dict) ? 3 : /\/DeviceCMYK/.test(dict) ? 4 :
        /\/DeviceGray|\/CalGray/.test(dict) ? 1 : bits === 8 ? Math.round(data.length / (width * height)) : 1;
      if (number(dict, "Predictor") >= 10) data = unpredict(data, number(dict, "Columns") || width, colors, bits);
      var canvas = canvasOf(width, height);
      var context = canvas.getContext("2d");
      var pixels = context.createImageData(width, height);
      var rowBytes = Math.ceil(width * colors * bits / 8);
      var max = (1 << bits) - 1;
      for (var y = 0; y < height; y++) {
        for (var x = 0; x < width; x++) {
          var o = (y * width + x) * 4;
          var r, g, b;
          if (bits < 8) {
            var at = x * colors * bits;
            var sample = (data[y * rowBytes + (at >> 3)] >> (8 - bits - (at & 7))) & max;
            r = g = b = palette ? 0 : sample * 255 / max;
            if (palette) { r = palette[sample * 3]; g = palette[sample * 3 + 1]; b = palette[sample * 3 + 2]; }
          } else {
            var i = y * rowBytes + x * colors * (bits / 8);
            if (palette) {
              var entry = data[i] * 3;
              r = palette[entry]; g = palette[entry + 1]; b = palette[entry + 2];
            } else if (colors >= 4) { // CMYK, roughly: enough to tell black from white
              var k = data[i + 3];
              r = 255 - Math.min(255, data[i] + k); g = 255 - Math.min(255, data[i + 1] + k);
              b = 255 - Math.min(255, data[i + 2] + k);
            } else if (colors === 3) {
              r = data[i]; g = data[i + 1]; b = data[i + 2];
            } else {
              r = g = b = data[i];
            }
          }
          pixels.data[o] = r;
          pixels.data[o + 1] = g;
          pixels.data[o + 2] = b;
          pixels.data[o + 3] = 255;
        }
      }
      context.putImageData(pixels, 0, 0);
      return canvas;
    });
  }

  /* The QR code the portal draws: one path of many "x y w h re" filled at once, all of
     one height (a module). Redrawn black on white with a quiet zone. */
  function vectorQr(content) {
    var found = null;
    var rects = [];
    // Numbers of at most 12 characters: no backtracking blow-up on long runs of digits.
    var re = /(-?[\d.]{1,12})\s+(-?[\d.]{1,12})\s+(-?[\d.]{1,12})\s+(-?[\d.]{1,12})\s+re\b|\b(f\*?|F|B\*?|b\*?|n|S|s)\b/g;
    var m;
    while ((m = re.exec(content)) !== null && !found) {
      if (m[5] === undefined) {
        rects.push([+m[1], +m[2], +m[3], +m[4]]);
        continue;
      }
      if (rects.length >= 40 && rects.every(function (r) { return Math.abs(r[3] - rects[0][3]) < 0.01; })) {
        found = rects;
      }
      rects = [];
    }
    if (!found) return null;
    var module = Math.abs(found[0][3]);
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    found.forEach(function (r) {
      minX = Math.min(minX, r[0]); maxX = Math.max(maxX, r[0] + r[2]);
      minY = Math.min(minY, r[1]); maxY = Math.max(maxY, r[1] + r[3]);
    });
    var scale = QR_MODULE_PX / module;
    var quiet = 4 * QR_MODULE_PX;
    var canvas = canvasOf(Math.ceil((maxX - minX) * scale) + 2 * quiet, Math.ceil((maxY - minY) * scale) + 2 * quiet);
    var context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = "#000";
    found.forEach(function (r) {
      // PDF's y grows upwards, the canvas's downwards.
      context.fillRect(quiet + (r[0] - minX) * scale, quiet + (maxY - r[1] - r[3]) * scale,
                       r[2] * scale, r[3] * scale);
    });
    return canvas;
  }

  function read(buffer) {
    if (buffer.byteLength > MAX_FILE_BYTES) return Promise.reject(new Error("too large for a notice"));
    var bytes = new Uint8Array(buffer);
    var text = latin1(bytes);
    if (text.slice(0, 1024).indexOf("%PDF-") < 0) return Promise.reject(new Error("not a PDF"));
    var found = { links: links(text), images: [] };
    var all = streams(text, bytes);
    var images = all.filter(function (s) { return /\/Subtype\s*\/Image/.test(s.dict); }).slice(0, MAX_IMAGES);
    // Content streams (pages, and Form XObjects that stamping tools wrap pages in): not
    // images, fonts (Length1 or another Subtype) or other typed objects.
    var contents = all.filter(function (s) {
      return /\/Subtype\s*\/Form/.test(s.dict) ||
        !/\/Subtype|\/Length1|\/Type\s*\/(XRef|ObjStm|Metadata)/.test(s.dict);
    });
    var work = contents.map(function (s) {
      return unfilter(s.data, filters(s.dict)).then(function (data) {
        var qr = vectorQr(latin1(data));
        if (qr) found.images.push(qr);
      }).catch(function () { /* not readable: the other candidates may do */ });
    });
    // Objects packed into object streams (PDF 1.5 re-saves): only links matter there.
    work = work.concat(all.filter(function (s) { return /\/Type\s*\/ObjStm/.test(s.dict); }).map(function (s) {
      return unfilter(s.data, filters(s.dict)).then(function (data) {
        found.links = found.links.concat(links(latin1(data)));
      }).catch(function () { /* idem */ });
    }));
    work = work.concat(images.map(function (s) {
      return image(s).then(function (picture) {
        if (picture) found.images.push(picture);
      }).catch(function () { /* idem */ });
    }));
    return Promise.all(work).then(function () { return found; });
  }

  window.PortalNoticePdf = { read: read };
})();
