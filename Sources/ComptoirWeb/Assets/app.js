// Comptoir: small progressive enhancements. Every flow works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // « Menu » on phones folds and unfolds the navigation.
  document.querySelectorAll(".nav-toggle").forEach(function (button) {
    button.addEventListener("click", function () {
      var header = button.closest(".topbar");
      var open = !header.classList.contains("nav-open");
      header.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  // Alt+N opens quick create: the focus goes to its first entry (the menu shows on focus).
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== "n" && event.key !== "N" && event.code !== "KeyN")) { return; }
    var menu = document.querySelector(".quick-create");
    var first = menu && menu.querySelector(".quick-create-menu a");
    if (!first) { return; }
    event.preventDefault();
    menu.classList.add("open");  // a hidden menu cannot take the focus: show it first
    first.focus();
  });
  document.querySelectorAll(".quick-create").forEach(function (menu) {
    menu.addEventListener("focusout", function () {
      setTimeout(function () { if (!menu.contains(document.activeElement)) { menu.classList.remove("open"); } }, 0);
    });
  });
  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  // Escape closes open menus.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details[open]").forEach(function (details) { details.removeAttribute("open"); });
    if (document.activeElement && document.activeElement.closest(".quick-create")) { document.activeElement.blur(); }
  });
  // Typeahead on inputs marked data-typeahead="companies|contacts": suggestions from /api/v1/search;
  // picking one submits the record's id, typing a name still works without it.
  document.querySelectorAll("input[data-typeahead]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var ids = {};
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/api/v1/search?limit=8&kinds=" + encodeURIComponent(input.dataset.typeahead) + "&q=" + encodeURIComponent(q),
              { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) {
            list.textContent = "";
            ids = {};
            data.items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              option.label = item.subtitle;
              ids[item.title] = item.id;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
    if (input.form) {
      input.form.addEventListener("submit", function () {
        if (ids[input.value]) { input.value = ids[input.value]; }
      });
    }
  });
  // Pickers (input[data-picker]): suggestions from the URL in data-picker (plus q=…), grouped by kind (the items'
  // `group`, else their kind) in a listbox under the input; arrows move, Enter picks, Escape closes. A pick either adds
  // a checked box named data-picker-name to the element data-picker-add (several contacts), or fills the hidden fields
  // named by data-picker-id and data-picker-kind (a project member). Without scripts the text is sent as typed.
  var kindLabels = { contacts: "Contacts", companies: "Sociétés", users: "Utilisateurs", projects: "Projets" };
  document.querySelectorAll("input[data-picker]").forEach(function (input) {
    var listbox = document.createElement("ul");
    listbox.id = input.id + "-listbox";
    listbox.className = "picker-list";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    input.parentNode.insertBefore(listbox, input.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    var idField = input.dataset.pickerId ? document.getElementById(input.dataset.pickerId) : null;
    var kindField = input.dataset.pickerKind ? document.getElementById(input.dataset.pickerKind) : null;
    var options = [];
    var active = -1;
    var timer = null;
    var serial = 0;
    var close = function () {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    var highlight = function (index) {
      active = index;
      options.forEach(function (option, i) { option.element.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      }
    };
    var pick = function (item) {
      if (input.dataset.pickerAdd) {
        var chosen = document.getElementById(input.dataset.pickerAdd);
        var already = Array.prototype.some.call(chosen.querySelectorAll("input"), function (box) { return box.value === item.id; });
        if (!already) {
          var label = document.createElement("label");
          label.className = "checkbox chip";
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = input.dataset.pickerName;
          box.value = item.id;
          box.checked = true;
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + item.title));
          chosen.appendChild(label);
        }
        input.value = "";
      } else {
        input.value = item.title;
        if (idField) { idField.value = item.id; }
        if (kindField) { kindField.value = item.kind; }
      }
      close();
      input.focus();
    };
    var render = function (items) {
      listbox.textContent = "";
      options = [];
      var groups = [];
      items.forEach(function (item) {
        var name = item.group || kindLabels[item.kind] || item.kind;
        var group = groups.find(function (g) { return g.name === name; });
        if (!group) { group = { name: name, items: [] }; groups.push(group); }
        group.items.push(item);
      });
      groups.forEach(function (group) {
        if (groups.length > 1) {
          var heading = document.createElement("li");
          heading.className = "picker-group";
          heading.setAttribute("role", "presentation");
          heading.textContent = group.name;
          listbox.appendChild(heading);
        }
        group.items.forEach(function (item) {
          var element = document.createElement("li");
          element.id = listbox.id + "-" + options.length;
          element.setAttribute("role", "option");
          element.setAttribute("aria-selected", "false");
          element.dataset.kind = item.kind;
          var title = document.createElement("span");
          title.textContent = item.title;
          element.appendChild(title);
          if (item.subtitle) {
            var subtitle = document.createElement("span");
            subtitle.className = "muted";
            subtitle.textContent = " " + item.subtitle;
            element.appendChild(subtitle);
          }
          element.addEventListener("mousedown", function (event) { event.preventDefault(); });
          element.addEventListener("click", function () { pick(item); });
          listbox.appendChild(element);
          options.push({ element: element, item: item });
        });
      });
      if (!options.length) {
        var none = document.createElement("li");
        none.className = "picker-empty muted";
        none.setAttribute("role", "presentation");
        none.textContent = document.documentElement.lang === "en" ? "No match" : "Aucun résultat";
        listbox.appendChild(none);
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(options.length ? 0 : -1);
    };
    input.addEventListener("input", function () {
      if (idField) { idField.value = ""; }
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++serial;
        var url = input.dataset.picker + (input.dataset.picker.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) { if (mine === serial) { render(data.items || []); } })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (listbox.hidden) { return; }
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(); return; }
      if (!options.length) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % options.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? options.length - 1 : active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); pick(options[active].item); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
  // Kanban: drag a card to another column with a mouse; the stage menu on each card moves it from the keyboard
  // and on phones (it stays visible).
  var board = document.querySelector(".board[data-csrf]");
  if (board) {
    document.documentElement.classList.add("js");
    var dragged = null;
    board.addEventListener("dragstart", function (event) {
      dragged = event.target.closest(".board-card");
      if (dragged) { event.dataTransfer.setData("text/plain", dragged.dataset.id); }
    });
    board.querySelectorAll(".board-column").forEach(function (column) {
      column.addEventListener("dragover", function (event) { event.preventDefault(); column.classList.add("drop-target"); });
      column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        if (!dragged) { return; }
        var card = dragged;
        var body = new URLSearchParams({ stageId: column.dataset.stage });
        fetch("/interactions/" + card.dataset.id + "/stage", {
          method: "POST", credentials: "same-origin", body: body,
          headers: { "Accept": "application/json", "X-CSRF-Token": board.dataset.csrf }
        }).then(function (response) {
          if (response.ok) { window.location.reload(); } else { window.alert("Déplacement refusé (" + response.status + ")."); }
        });
      });
    });
  }
  // A running import: poll its progress, move the bar, and reload the page when it ends.
  var progressSection = document.querySelector("[data-progress-url]");
  if (progressSection) {
    var bar = progressSection.querySelector("progress");
    var line = progressSection.querySelector(".progress-text");
    var poll = function () {
      fetch(progressSection.dataset.progressUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          if (["simulating", "queued", "running"].indexOf(status.status) < 0) { window.location.reload(); return; }
          var percent = Math.round((status.fraction || 0) * 100);
          bar.value = percent;
          bar.textContent = percent + " %";
          var english = document.documentElement.lang === "en";
          var text = status.rowsDone.toLocaleString("fr-FR") + (english ? " rows read — " : " lignes lues — ") +
            Math.round(status.rowsPerSecond).toLocaleString("fr-FR") + (english ? " rows/s" : " lignes/s");
          if (status.secondsLeft !== null) {
            text += (english ? " — about " : " — fin estimée dans ") + Math.ceil(status.secondsLeft) + (english ? " s left" : " s");
          }
          line.textContent = text;
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 1000);
  }
  // A select whose choices are grouped by another field of the form (an interaction's stages by its type): show only
  // the group of the chosen value; when the choice changes, move to the first choice of the new group (or none).
  document.querySelectorAll("select").forEach(function (grouped) {
    var groups = grouped.querySelectorAll("optgroup[data-group]");
    if (!groups.length || !grouped.form) { return; }
    var keys = Array.prototype.map.call(groups, function (group) { return group.dataset.group; });
    var controller = Array.prototype.find.call(grouped.form.querySelectorAll("select"), function (other) {
      return other !== grouped && Array.prototype.some.call(other.options, function (option) {
        return option.value && keys.indexOf(option.value) >= 0;
      });
    });
    if (!controller) { return; }
    var apply = function (changed) {
      var chosen = controller.value;
      groups.forEach(function (group) {
        var match = !chosen || group.dataset.group === chosen;
        group.hidden = !match;
        group.disabled = !match;
      });
      var current = grouped.selectedOptions[0];
      if (changed && (!current || !current.value || (current.parentElement.tagName === "OPTGROUP" && current.parentElement.disabled))) {
        var first = grouped.querySelector("optgroup:not([disabled]) option");
        grouped.value = first ? first.value : "";
      }
    };
    controller.addEventListener("change", function () { apply(true); });
    apply(false);
  });
  // The segment's condition builder: each row's operators follow its field, the value boxes follow the operator
  // (none for « est vide », two for « entre »), rows are added and removed at once (without scripts, the same buttons
  // submit the form, which comes back with the row added or removed), and the fields follow the « Fiches » select.
  var builder = document.querySelector("[data-segment-builder]");
  if (builder) {
    var list = builder.querySelector(".segment-rows");
    var rowTemplate = builder.querySelector("template[data-segment-row]");
    var nextIndex = 1000;
    var allOps = rowTemplate ? Array.prototype.map.call(
      rowTemplate.content.querySelectorAll("[data-segment-op] option"), function (option) { return option.cloneNode(true); }) : [];
    var syncValue = function (row) {
      var op = row.querySelector("[data-segment-op]");
      var chosen = op.selectedOptions[0];
      var takes = !chosen || chosen.dataset.takesValue !== "false";
      row.querySelector("[data-segment-value]").hidden = !takes;
      row.querySelector("[data-segment-value2]").hidden = !chosen || chosen.value !== "between";
    };
    var syncOps = function (row) {
      var field = row.querySelector("[data-segment-field]");
      var op = row.querySelector("[data-segment-op]");
      var option = field.selectedOptions[0];
      var allowed = option && option.dataset.ops ? option.dataset.ops.split(" ") : null;
      var labels = option && option.dataset.labels ? option.dataset.labels.split("|") : [];
      var current = op.value;
      op.textContent = "";
      allOps.forEach(function (template) {
        if (!allowed) { op.appendChild(template.cloneNode(true)); }
      });
      (allowed || []).forEach(function (value, index) {
        var item = document.createElement("option");
        item.value = value;
        item.textContent = labels[index] || value;
        item.dataset.takesValue = value === "empty" || value === "notEmpty" ? "false" : "true";
        op.appendChild(item);
      });
      if (Array.prototype.some.call(op.options, function (o) { return o.value === current; })) { op.value = current; }
      var value = row.querySelector("[data-segment-value] input");
      if (option && option.dataset.list) { value.setAttribute("list", option.dataset.list); } else { value.removeAttribute("list"); }
      syncValue(row);
    };
    var wire = function (row) {
      row.querySelector("[data-segment-field]").addEventListener("change", function () { syncOps(row); });
      row.querySelector("[data-segment-op]").addEventListener("change", function () { syncValue(row); });
      row.querySelector("[data-segment-remove]").addEventListener("click", function (event) {
        event.preventDefault();
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        if (!list.children.length) { addRow(); return; }
        (next ? next.querySelector("[data-segment-field]") : builder.querySelector("[data-segment-add]")).focus();
      });
      syncValue(row);
    };
    var addRow = function () {
      var index = nextIndex++;
      var holder = document.createElement("div");
      holder.appendChild(rowTemplate.content.cloneNode(true));
      var row = holder.querySelector("li");
      row.id = "cond-" + index;
      row.querySelectorAll("[id], [for], [name]").forEach(function (node) {
        ["id", "for", "name"].forEach(function (attribute) {
          var old = node.getAttribute(attribute);
          if (old) { node.setAttribute(attribute, old.replace("c999", "c" + index)); }
        });
      });
      list.appendChild(row);
      wire(row);
      row.querySelector("[data-segment-field]").focus();
    };
    list.querySelectorAll("li").forEach(wire);
    var add = builder.querySelector("[data-segment-add]");
    add.addEventListener("click", function (event) { event.preventDefault(); addRow(); });
    // « Fiches » changed: every row offers the other kind of records' fields.
    var entity = document.querySelector(".segment-form select[name=entity]");
    if (entity) {
      var fieldOptions = {};
      document.querySelectorAll("template[data-segment-fields]").forEach(function (template) {
        fieldOptions[template.dataset.segmentFields] = template.content.querySelector("select").innerHTML;
      });
      var templateSelect = rowTemplate.content.querySelector("[data-segment-field]");
      fieldOptions[entity.value] = templateSelect.innerHTML;
      entity.addEventListener("change", function () {
        var html = fieldOptions[entity.value];
        if (!html) { return; }
        templateSelect.innerHTML = html;
        list.querySelectorAll("li").forEach(function (row) {
          var select = row.querySelector("[data-segment-field]");
          select.innerHTML = html;
          select.value = "";
          syncOps(row);
        });
      });
    }
    document.querySelectorAll(".nojs-only").forEach(function (node) { node.hidden = true; });
  }
  // Focus the error summary after a rejected form, so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
