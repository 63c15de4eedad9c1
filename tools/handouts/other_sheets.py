import math, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from svg import Sheet

W = os.path.join(ROOT, 'content/workshops')
FOOT = {'es': 'EPO-KB · CC BY-SA 4.0 · Imprimir en A4, sin escalar', 'en': 'EPO-KB · CC BY-SA 4.0 · Print on A4, do not scale'}


def table(s, x, y, widths, headers, nrows, rh=8, hh=10, size=2.6):
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    total = xs[-1] - x
    s.rect(x, y, total, hh, sw=0.3, fill='#eeeeee')
    for i, h in enumerate(headers):
        lines = h.split('\n')
        for j, ln in enumerate(lines):
            s.text(xs[i] + 1.2, y + 4 + j * 3.1, ln, size=size, weight='bold')
    for r in range(nrows):
        s.rect(x, y + hh + r * rh, total, rh, sw=0.25)
    for xx in xs:
        s.line(xx, y, xx, y + hh + nrows * rh, w=0.25)
    return y + hh + nrows * rh


# ------------------------------------------------------------------ measuring
def measuring(lang):
    E = lang == 'es'
    title = 'Registro de medidas y lectura del micrómetro' if E else 'Measurement record and reading the micrometer'
    s = Sheet(title, lang)
    s.header('Taller «Medir piezas: calibrador, micrómetro y tolerancias»' if E else
             'Workshop "Measuring parts: caliper, micrometer and tolerances"',
             'Una medida sin tolerancia no dice si la pieza sirve.' if E else
             'A measurement without a tolerance does not tell you whether the part is good.')
    # micrometer diagram
    y = 40
    s.text(12, y, '1. Leer el micrómetro de 0-25 mm (apreciación 0,01 mm)' if E else
           '1. Reading a 0-25 mm micrometer (resolution 0.01 mm)', size=3.6, weight='bold')
    k = 7.0
    x0, yc = 24, y + 20
    edge = 7.72
    s.rect(x0 - 2, yc - 7, edge * k + 2, 14, sw=0.3, color='#555')
    s.line(x0, yc, x0 + edge * k, yc, w=0.3)
    for mm in range(0, 8):
        s.line(x0 + mm * k, yc, x0 + mm * k, yc - (3.5 if mm % 5 == 0 else 2.6), w=0.25)
        if mm % 5 == 0:
            s.text(x0 + mm * k, yc - 4.5, str(mm), size=2.5, anchor='middle')
    for h in range(0, 8):
        xh = x0 + (h + 0.5) * k
        if h + 0.5 < edge:
            s.line(xh, yc, xh, yc + 2.6, w=0.25)
    tx = x0 + edge * k
    s.rect(tx, yc - 13, 40, 26, sw=0.4)
    step = 2.2
    for n in range(14, 31):
        yy = yc - (n - 22) * step
        if yc - 12.5 < yy < yc + 12.5:
            ln = 3.6 if n % 5 == 0 else 2.4
            s.line(tx, yy, tx + ln, yy, w=0.25)
            if n % 5 == 0:
                s.text(tx + 4.6, yy + 0.9, str(n), size=2.3)
    s.line(tx - 1, yc, tx + 6, yc, w=0.15, color='#b00')
    lines = (['a) Milímetros visibles en la línea de arriba del tambor fijo: 7.',
              'b) ¿Se ve la raya de medio milímetro (abajo) después del 7? Sí: + 0,5.',
              'c) Raya del tambor giratorio que coincide con la línea horizontal: 22 → 0,22.',
              'Lectura: 7 + 0,5 + 0,22 = 7,72 mm.',
              'Cierre siempre con el trinquete, no con el tambor. Compruebe el cero antes.']
             if E else
             ['a) Millimetres visible on the upper line of the sleeve: 7.',
              'b) Is the half-millimetre mark (below) visible after the 7? Yes: + 0.5.',
              'c) Thimble line that meets the horizontal line: 22 → 0.22.',
              'Reading: 7 + 0.5 + 0.22 = 7.72 mm.',
              'Always close with the ratchet, not the thimble. Check the zero first.'])
    s.para(14, y + 40, lines, size=2.9)
    # rules
    y = 112
    s.text(12, y, '2. Antes de medir' if E else '2. Before measuring', size=3.6, weight='bold')
    rules = (['• Pieza y herramienta limpias y a la misma temperatura: una pieza caliente mide de más.',
              '• Mida cada cota tres veces, en distintos puntos; anote las tres lecturas.',
              '• En ejes y agujeros, mida en tres lugares a lo largo (A, B, C) y girando 90°:',
              '  así se ve si está ovalado o cónico por desgaste.',
              '• Elija un instrumento al menos diez veces más fino que la tolerancia que quiere comprobar.',
              '• Tolerancia: «⌀20 ±0,05» acepta de 19,95 a 20,05. «⌀20 h7» acepta de 19,979 a 20,000.']
             if E else
             ['• Part and tool clean and at the same temperature: a hot part measures too big.',
              '• Measure each dimension three times, at different points; write down all three readings.',
              '• On shafts and bores, measure at three places along the length (A, B, C) and turned 90°:',
              '  this shows whether it is oval or tapered from wear.',
              '• Choose an instrument at least ten times finer than the tolerance you want to check.',
              '• Tolerance: "⌀20 ±0.05" accepts 19.95 to 20.05. "⌀20 h7" accepts 19.979 to 20.000.'])
    s.para(14, y + 6, rules, size=2.8)
    # record table
    y = 146
    s.text(12, y, '3. Registro' if E else '3. Record', size=3.6, weight='bold')
    s.text(12, y + 6, ('Pieza: ______________________  Máquina: ____________________  Medido por: ______________  Fecha: ________'
                       if E else
                       'Part: ______________________  Machine: ____________________  Measured by: ______________  Date: ________'), size=2.7)
    hdr = (['Cota\n(qué se mide)', 'Nominal\n(mm)', 'Tolerancia', 'Instru-\nmento', 'Lectura 1', 'Lectura 2', 'Lectura 3', 'Promedio', '¿Dentro?\nsí / no']
           if E else
           ['Dimension\n(what)', 'Nominal\n(mm)', 'Tolerance', 'Instru-\nment', 'Reading 1', 'Reading 2', 'Reading 3', 'Average', 'Within?\nyes / no'])
    yend = table(s, 12, y + 10, [36, 16, 20, 16, 20, 20, 20, 18, 20], hdr, 7)
    # wear table
    y = yend + 7
    s.text(12, y, '4. Desgaste de un eje o agujero (⌀ en mm)' if E else '4. Wear of a shaft or bore (⌀ in mm)', size=3.6, weight='bold')
    hdr2 = (['Posición', 'A (cerca de un\nextremo)', 'B (centro)', 'C (otro\nextremo)'] if E else
            ['Position', 'A (near one\nend)', 'B (middle)', 'C (other\nend)'])
    y2 = table(s, 12, y + 4, [30, 30, 30, 30], hdr2, 3, rh=8)
    labels = ['0°', '90°', 'Ovalización (0° − 90°)' if E else 'Ovality (0° − 90°)']
    for i, lb in enumerate(labels):
        s.text(13.2, y + 4 + 10 + i * 8 + 5.4, lb, size=2.4)
    s.para(140, y + 10, (['Conicidad = diferencia', 'entre A y C.', 'Compare con la', 'tolerancia del plano', 'o de la pieza nueva.']
                         if E else ['Taper = difference', 'between A and C.', 'Compare with the', 'tolerance on the drawing', 'or of a new part.']), size=2.8)
    s.footer(FOOT[lang], 'Hoja única' if E else 'Single sheet')
    return s


# ------------------------------------------------------------------ repair form
def repair_form(lang, page):
    E = lang == 'es'
    title = ('Ficha de reparación' if E else 'Repair record form') + (f' ({page}/2)')
    s = Sheet(title, lang)
    s.header('Taller «Documentar una reparación»' if E else 'Workshop "Documenting a repair"',
             ('Escriba solo lo que sabe. Lo que no sabe, márquelo «no se sabe»: también es información.' if E else
              'Write only what you know. Mark what you do not know as "not known": that is information too.'))

    def box(y, h, label, hint=None):
        s.rect(12, y, 186, h, sw=0.3)
        s.text(14, y + 4.5, label, size=3.0, weight='bold')
        if hint:
            s.text(14, y + 8.5, hint, size=2.5, color='#555', style='italic')
        return y + h + 2.5

    y = 35
    if page == 1:
        y = box(y, 17, '1. Planta y máquina' if E else '1. Plant and machine',
                ('Planta, ciudad, estado · quién es dueño (estatal, comuna, control obrero...) · máquina: nombre, marca, modelo, año, país'
                 if E else 'Plant, city, state · who owns it (state, commune, workers\' control...) · machine: name, make, model, year, country'))
        y = box(y, 14, '2. Batalla y fechas' if E else '2. Battle and dates',
                ('¿Fue parte de una Batalla Productiva? ¿Cuál? · fecha de inicio y de fin · ¿desde cuándo estaba parada?'
                 if E else 'Was it part of a Productive Battle? Which one? · start and end dates · how long had it been stopped?'))
        y = box(y, 30, '3. Síntomas: qué se veía, oía, olía o medía' if E else '3. Symptoms: what was seen, heard, smelled or measured',
                ('Ruidos, fugas, temperatura, vibración, lecturas de instrumentos, lo que decían los operadores'
                 if E else 'Noises, leaks, temperature, vibration, instrument readings, what the operators said'))
        y = box(y, 36, '4. Diagnóstico: cómo se encontró la causa' if E else '4. Diagnosis: how the cause was found',
                ('Qué se revisó y en qué orden · qué se descartó · cuál fue la causa (o «no se sabe»)'
                 if E else 'What was checked and in what order · what was ruled out · what the cause was (or "not known")'))
        y = box(y, 24, '5. Por qué no se había reparado antes' if E else '5. Why it had not been repaired before',
                ('Sin repuestos, sin divisas, sin planos, sin personal, sin herramientas, gestión, abandono...'
                 if E else 'No spare parts, no foreign currency, no drawings, no staff, no tools, management, abandonment...'))
        y = box(y, 90, '6. Reparación: pasos, en orden' if E else '6. Repair: the steps, in order',
                ('Un paso por línea. Anote dónde hubo que tener cuidado. Añada croquis en hojas aparte.'
                 if E else 'One step per line. Note where care was needed. Add sketches on separate sheets.'))
        for i in range(1, 14):
            s.text(15, y - 90 - 2.5 + 13 + (i - 1) * 6.2, f'{i}.', size=2.8, color='#555')
        s.text(14, y + 2, ('Sigue en la hoja 2 →' if E else 'Continued on page 2 →'), size=2.8, color='#555')
    else:
        y = box(y, 40, '7. Piezas' if E else '7. Parts', None)
        hdr = (['Pieza', 'Cant.', 'Origen: reparada / fabricada /\nrecuperada / comprada aquí / importada', 'Material', 'Reemplaza a'] if E else
               ['Part', 'Qty', 'Origin: repaired / fabricated /\nsalvaged / bought locally / imported', 'Material', 'Replaces'])
        table(s, 14, y - 40 - 2.5 + 7, [40, 12, 64, 30, 36], hdr, 3, rh=7, hh=8, size=2.4)
        y = box(y, 24, '8. Herramientas (marque las improvisadas o fabricadas)' if E else '8. Tools (mark those improvised or made)', None)
        y = box(y, 26, '9. Seguridad: peligros y precauciones tomadas' if E else '9. Safety: hazards and precautions taken',
                ('Bloqueo de energía, presión, gas, calor, altura, cargas pesadas, químicos...' if E else
                 'Energy lockout, pressure, gas, heat, height, heavy loads, chemicals...'))
        y = box(y, 30, '10. Resultado' if E else '10. Result',
                ('¿Quedó reparada, en parte, o no? · capacidad antes y después (%) · producción (cantidad, unidad, periodo)'
                 if E else 'Fixed, partly, or not? · capacity before and after (%) · production (amount, unit, period)'))
        y = box(y, 30, '11. Lecciones: qué haríamos distinto, qué debe saber quien repita esta reparación' if E else
                '11. Lessons: what we would do differently, what someone repeating this repair should know', None)
        y = box(y, 28, '12. Personas' if E else '12. People',
                ('Cuántos voluntarios y trabajadores de planta · oficios · quiénes firman la ficha (nombre o seudónimo) y aceptan publicarla con licencia CC BY-SA'
                 if E else 'How many volunteers and plant workers · trades · who signs the form (name or pseudonym) and agrees to publish it under CC BY-SA'))
        s.text(14, y + 3, ('Fuentes: si algo lo sabe por un artículo o video, anote el título, quién lo publicó y la fecha.' if E else
                           'Sources: if you know something from an article or video, note its title, who published it and the date.'), size=2.7)
    s.footer(FOOT[lang], f'{page}/2')
    return s


# ------------------------------------------------------------------ maintenance
def maintenance(lang):
    E = lang == 'es'
    title = 'Tarjetas de pieza crítica y escalera de opciones' if E else 'Critical-part cards and the ladder of options'
    s = Sheet(title, lang)
    s.header('Taller «Mantenimiento sin repuestos importados»' if E else 'Workshop "Maintenance without imported spare parts"',
             'Recorte las tarjetas. Una tarjeta por pieza crítica; se guardan en una caja, por máquina.' if E else
             'Cut out the cards. One card per critical part; keep them in a box, by machine.')
    # ladder
    y = 38
    s.text(12, y, 'Escalera de opciones: empiece por abajo y suba solo si no se puede' if E else
           'Ladder of options: start at the bottom and go up only if you cannot', size=3.5, weight='bold')
    steps = (['1. Reparar la pieza original (soldar, rectificar, embujar, rebobinar).',
              '2. Recuperar una pieza de una máquina parada, con registro y permiso.',
              '3. Fabricar la pieza en la planta o en otra fábrica (croquis + material).',
              '4. Comprar en el país una equivalente (rodamientos, sellos, correas por medida).',
              '5. Pedir ayuda a la red de fábricas y al Ejército Productivo.',
              '6. Importar: solo lo que no se puede resolver aquí.']
             if E else
             ['1. Repair the original part (weld, regrind, sleeve, rewind).',
              '2. Salvage a part from an idle machine, with a record and permission.',
              '3. Make the part in the plant or in another factory (sketch + material).',
              '4. Buy an equivalent in the country (bearings, seals, belts by size).',
              '5. Ask the network of factories and the Productive Army for help.',
              '6. Import: only what cannot be solved here.'])
    for i, st in enumerate(reversed(steps)):
        yy = y + 5 + i * 7
        indent = (5 - i) * 4
        s.rect(12 + indent, yy, 128 - indent, 6, sw=0.3, fill='#f2f2f2' if i % 2 else '#ffffff')
        s.text(14 + indent, yy + 4.2, st, size=2.6)
    warn = (['No improvise ni recupere sin', 'verificación las piezas que', 'protegen vidas: válvulas de',
             'seguridad, reguladores de gas,', 'mangueras de alta presión,', 'eslingas y ganchos de izaje,',
             'frenos. Sin repuesto certificado,', 'la máquina no arranca.']
            if E else
            ['Do not improvise, or salvage', 'without testing, parts that', 'protect lives: safety valves,',
             'gas regulators, high-pressure', 'hoses, lifting slings and', 'hooks, brakes. With no certified',
             'spare, the machine does not', 'start.'])
    s.rect(144, y + 5, 54, 41, sw=0.5)
    s.text(146, y + 10, '¡Atención!' if E else 'Warning!', size=2.8, weight='bold')
    s.para(146, y + 14.5, warn, size=2.35)
    # cards 2 x 3
    cw, ch = 91, 72
    fields = (['Máquina / conjunto:', 'Pieza:', 'Nº de parte / medidas clave:', 'Crítica: A (para la planta) · B · C',
               'Cada cuánto falla / se revisa:', 'Existencia en almacén:', 'Opción escogida (1-6) y dónde:',
               'Croquis o plano: sí / no · ¿dónde está?', 'Responsable:            Fecha:']
              if E else
              ['Machine / assembly:', 'Part:', 'Part no. / key dimensions:', 'Critical: A (stops the plant) · B · C',
               'How often it fails / is checked:', 'In stock:', 'Option chosen (1-6) and where:',
               'Sketch or drawing: yes / no · where is it?', 'Responsible:            Date:'])
    for r in range(2):
        for c in range(2):
            x = 12 + c * (cw + 4)
            yy = 92 + r * (ch + 4)
            s.rect(x, yy, cw, ch, sw=0.35, dash='2 1')
            s.text(x + 2, yy + 5, 'TARJETA DE PIEZA CRÍTICA' if E else 'CRITICAL PART CARD', size=2.8, weight='bold')
            for i, f in enumerate(fields):
                s.text(x + 2, yy + 12 + i * 6.7, f, size=2.5)
                s.line(x + 2, yy + 13.6 + i * 6.7, x + cw - 2, yy + 13.6 + i * 6.7, w=0.12, color='#999')
    s.text(12, 92 + 2 * (ch + 4) + 4, ('A = si falla, para la planta o pone en riesgo a alguien. B = baja la producción. C = se puede esperar.'
                                      if E else 'A = if it fails, the plant stops or someone is at risk. B = production drops. C = it can wait.'), size=2.7)
    s.footer(FOOT[lang], 'Hoja única' if E else 'Single sheet')
    return s


if __name__ == '__main__':
    out = {
        'medicion-de-piezas-calibrador-micrometro': [('es', 'registro-de-medidas.svg', measuring), ('en', 'measurement-record.en.svg', measuring)],
        'documentar-una-reparacion': [('es', 'ficha-de-reparacion-1.svg', lambda l: repair_form(l, 1)),
                                      ('es', 'ficha-de-reparacion-2.svg', lambda l: repair_form(l, 2)),
                                      ('en', 'repair-record-form-1.en.svg', lambda l: repair_form(l, 1)),
                                      ('en', 'repair-record-form-2.en.svg', lambda l: repair_form(l, 2))],
        'mantenimiento-sin-repuestos-importados': [('es', 'tarjetas-pieza-critica.svg', maintenance), ('en', 'critical-part-cards.en.svg', maintenance)],
    }
    for d, items in out.items():
        os.makedirs(os.path.join(W, d), exist_ok=True)
        for lang, fn, f in items:
            p = os.path.join(W, d, fn)
            open(p, 'w', encoding='utf-8').write(f(lang).svg())
            print(p)
